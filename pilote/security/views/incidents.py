"""The incident register: record, qualify, follow on a timeline, report, close."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from pilote.core.choices import Domain, JournalAction, Level, Role
from pilote.core.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from pilote.core.journal import record_download
from pilote.core.mixins import InvalidFormIs400
from pilote.core.notify import emails_of_role, send_notification
from pilote.core.pdf import pdf_response

from ..choices import ACADEMIE_EVENT_KINDS, SCHOOL_EVENT_KINDS, EventKind, ProblemReportStatus
from ..filtersets import IncidentFilterSet
from ..forms import IncidentEventForm, IncidentForm, IncidentStatusForm
from ..models import IMPACT_FIELDS, Incident, IncidentReport
from ..reporting import (
    ReportRefused,
    recipients_for,
    render_report,
    report_filename,
    send_report,
)
from ..tables import IncidentTable
from .common import SecurityMixin, academie_side
from .reports import waiting_report

# Fields whose change is written on the timeline as a requalification.
TRACKED_FIELDS = [
    "title",
    "category",
    "detected_at",
    "started_at",
    *IMPACT_FIELDS.values(),
    "personal_data",
    "cnil_notified_at",
    "measures_taken",
]
NOTIFIED_ROLES = {
    EventKind.REQUEST: [Role.CHEF],
    EventKind.COMMENT: [Role.CHEF],
    EventKind.ANSWER: [Role.RSSI],
}
TRACKED_M2M = ["affected_services", "affected_equipment", "affected_people"]


class IncidentMixin(SecurityMixin):
    model = Incident
    url_prefix = "incident"

    def get_queryset(self):
        return Incident.objects.for_school(self.school).select_related("school")

    def sees_details(self) -> bool:
        """Description, people concerned, personal data, timeline and reports: for those who
        may see pupils and families or who act on the incident (the school's security
        editors, the académie's RSSI). Others reading security — the collectivité informed
        of it, the DRANE — see the summary the collectivité is e-mailed, no personal detail."""
        return self.capabilities.pupil_names or self.capabilities.can(Domain.SECURITE, Level.EDIT)

    def refuse_without_details(self) -> None:
        if not self.sees_details():
            self.refuse("Votre rôle ne donne accès qu'au résumé de l'incident.")


class IncidentListView(IncidentMixin, ObjectListView):
    table_class = IncidentTable
    filterset_class = IncidentFilterSet
    title = "Incidents de sécurité"


class IncidentFormMixin(InvalidFormIs400, IncidentMixin):
    form_class = IncidentForm
    template_name = "security/incident_form.html"
    required_level = Level.EDIT


class IncidentCreateView(IncidentFormMixin, ObjectCreateView):
    """Recording an incident, from scratch or from a member's report (``?signalement=``):
    the report's facts fill the form and the report then points at the incident."""

    def get_report(self):
        if not hasattr(self, "report"):
            self.report = waiting_report(self.school, self.request.GET.get("signalement"))
        return self.report

    def get_initial(self):
        report = self.get_report()
        if report is None:
            return {"detected_by": self.request.user.pk}
        where = f" ({report.where})" if report.where else ""
        return {
            "title": report.summary,
            "description": f"{report.what}{where}",
            "detected_at": timezone.localtime(report.seen_at),
            "detected_by": report.reported_by_id,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.get_report(), **kwargs)

    @transaction.atomic
    def form_valid(self, form):
        form.instance.created_by = self.request.user
        response = super().form_valid(form)
        incident = self.object
        report = self.get_report()
        if report is not None:
            report.status = ProblemReportStatus.RECORDED
            report.incident = incident
            report.save(update_fields=["status", "incident"])
        incident.add_event(
            EventKind.CREATED,
            f"Incident enregistré : {incident.get_category_display()}, gravité "
            f"{incident.get_severity_display().lower()}.",
            user=self.request.user,
        )
        self.journal(
            JournalAction.SECURITY_INCIDENT_RECORDED,
            f"{incident.reference} enregistré : {incident.title}",
            incident=incident.pk,
        )
        return response


def describe_value(instance, name: str, value) -> str:
    field = instance._meta.get_field(name)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "oui" if value else "non"
    if hasattr(value, "strftime"):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return str(value)


class IncidentUpdateView(IncidentFormMixin, ObjectUpdateView):
    """Requalifying is allowed, but every change is written on the timeline."""

    def get_object(self, queryset=None):
        incident = super().get_object(queryset)
        self.before = {name: getattr(incident, name) for name in TRACKED_FIELDS}
        self.before_m2m = {
            name: {str(obj) for obj in getattr(incident, name).all()} for name in TRACKED_M2M
        }
        return incident

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        changes = self.changes(self.object)
        if changes:
            self.object.add_event(
                EventKind.QUALIFICATION, " ; ".join(changes), user=self.request.user
            )
        return response

    def changes(self, incident) -> list[str]:
        lines = []
        for name in TRACKED_FIELDS:
            old, new = self.before[name], getattr(incident, name)
            if old != new:
                label = incident._meta.get_field(name).verbose_name
                lines.append(
                    f"{label} : {describe_value(incident, name, old)} → "
                    f"{describe_value(incident, name, new)}"
                )
        for name in TRACKED_M2M:
            now = {str(obj) for obj in getattr(incident, name).all()}
            if now != self.before_m2m[name]:
                label = incident._meta.get_field(name).verbose_name
                lines.append(f"{label} : {', '.join(sorted(now)) or 'aucun'}")
        return lines


class IncidentDetailView(IncidentMixin, ObjectDetailView):
    template_name = "security/incident_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("detected_by", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = self.object
        context["details"] = self.sees_details()
        if not context["details"]:
            return context
        events = list(incident.events.select_related("corrects").order_by("timestamp", "pk"))
        context.update(
            events=events,
            corrected_ids={e.corrects_id for e in events if e.corrects_id},
            awaiting_answer=awaiting_answer(events),
            reports=incident.reports.defer("pdf"),
            services=incident.affected_services.select_related("service"),
            equipment=incident.affected_equipment.all(),
            people=incident.affected_people.all(),
            event_form=IncidentEventForm(incident=incident, kinds=self.event_kinds()),
            status_form=IncidentStatusForm(incident=incident),
            cnil_hours_left=incident.cnil_hours_left(),
        )
        return context

    def event_kinds(self) -> list[str]:
        return event_kinds_for(self.request.user, self.school)


def event_kinds_for(user, school) -> list[str]:
    side = ACADEMIE_EVENT_KINDS if academie_side(user, school) else SCHOOL_EVENT_KINDS
    return [*side, EventKind.CORRECTION]


def awaiting_answer(events) -> bool:
    """The académie asked for more and the school has not answered since."""
    last_request = max((e.timestamp for e in events if e.kind == EventKind.REQUEST), default=None)
    last_answer = max((e.timestamp for e in events if e.kind == EventKind.ANSWER), default=None)
    return last_request is not None and (last_answer is None or last_answer < last_request)


class IncidentActionMixin(IncidentMixin):
    required_level = Level.EDIT

    def get_incident(self) -> Incident:
        if not hasattr(self, "incident"):
            self.incident = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self.incident

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "incident": self.get_incident()}

    def detail_url(self) -> str:
        return self.url("incident_detail", self.get_incident().pk)


class IncidentStatusView(InvalidFormIs400, IncidentActionMixin, FormView):
    template_name = "security/incident_status.html"
    form_class = IncidentStatusForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "incident": self.get_incident()}

    @transaction.atomic
    def form_valid(self, form):
        incident = self.get_incident()
        old = incident.get_status_display()
        incident.status = form.cleaned_data["status"]
        if form.cleaned_data["lessons_learned"]:
            incident.lessons_learned = form.cleaned_data["lessons_learned"]
        incident.save()
        text = f"{old} → {incident.get_status_display()}"
        if incident.is_closed:
            text += f". Retour d'expérience : {incident.lessons_learned}"
            self.journal(
                JournalAction.SECURITY_INCIDENT_CLOSED,
                f"{incident.reference} clos",
                incident=incident.pk,
            )
        incident.add_event(EventKind.STATUS, text, user=self.request.user)
        messages.success(self.request, f"Statut : {incident.get_status_display()}.")
        return HttpResponseRedirect(self.detail_url())


class IncidentEventCreateView(InvalidFormIs400, IncidentActionMixin, FormView):
    """A new timeline entry: the school's findings, or the académie's comments and requests."""

    template_name = "security/incident_event_form.html"
    form_class = IncidentEventForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "incident": self.get_incident(),
            "kinds": event_kinds_for(self.request.user, self.school),
        }

    @transaction.atomic
    def form_valid(self, form):
        incident = self.get_incident()
        event = incident.add_event(
            form.cleaned_data["kind"],
            form.cleaned_data["text"],
            user=self.request.user,
            corrects=form.cleaned_data.get("corrects"),
        )
        self.notify(incident, event)
        messages.success(self.request, "L'entrée a été ajoutée à la chronologie.")
        return HttpResponseRedirect(self.detail_url() + "#chronologie")

    def notify(self, incident, event) -> None:
        """The académie's comments and requests go to the head; the answers to the RSSI."""
        roles = NOTIFIED_ROLES.get(event.kind)
        if roles is None:
            return
        recipients = emails_of_role(self.school, roles)
        if event.kind == EventKind.REQUEST and incident.created_by:
            recipients.append(incident.created_by.email)
        send_notification(
            recipients,
            f"{event.get_kind_display()} — {incident.reference} — {self.school.name}",
            "security/email/incident_event.txt",
            {
                "incident": incident,
                "event": event,
                "school": self.school,
                "url": self.request.build_absolute_uri(self.detail_url()),
            },
        )


class IncidentReportView(IncidentActionMixin, TemplateView):
    """One action: the PDF, the e-mails to the académie (and collectivité), the trace."""

    template_name = "security/incident_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recipients"] = recipients_for(self.get_incident())
        return context

    def post(self, request, *args, **kwargs):
        incident = self.get_incident()
        try:
            report = send_report(incident, request=request)
        except ReportRefused as refusal:
            context = self.get_context_data(error=str(refusal))
            return self.render_to_response(context, status=400)
        messages.success(
            request,
            f"Le rapport a été envoyé à {len(report.recipients)} destinataire"
            f"{'s' if len(report.recipients) > 1 else ''}.",
        )
        return HttpResponseRedirect(self.detail_url())


class IncidentPdfView(IncidentMixin, View):
    """The report as it would be sent now (preview)."""

    def get(self, request, *args, **kwargs):
        self.refuse_without_details()
        incident = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        filename = report_filename(incident)
        record_download(request, self.school, filename, f"rapport de l'incident {incident}")
        return pdf_response(render_report(incident, sender=request.user), filename)


class SentReportPdfView(IncidentMixin, View):
    """The report exactly as it was sent."""

    def get(self, request, *args, **kwargs):
        self.refuse_without_details()
        report = get_object_or_404(
            IncidentReport.objects.select_related("incident__school"),
            pk=kwargs["report"],
            incident_id=kwargs["pk"],
            incident__school=self.school,
        )
        filename = report_filename(report.incident)
        record_download(request, self.school, filename, f"rapport envoyé de {report.incident}")
        return pdf_response(bytes(report.pdf), filename)
