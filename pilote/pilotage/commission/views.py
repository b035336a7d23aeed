"""Pages of the commission numérique, under ``/etablissements/<uai>/pilotage/commission/``.

Members of the school holding the ``commission`` capability read; « Modifier » prepares
meetings, convenes, writes minutes and decisions; only « Administrer » (the head) approves
minutes. Every object is looked up through the current school: another school's is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from pilote.core.choices import Domain, Level
from pilote.core.mixins import SchoolMixin

from .. import perms
from ..nav import PilotageNavMixin
from .choices import MeetingStatus
from .forms import (
    CorrectionForm,
    DecisionForm,
    ItemForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
)
from .models import AgendaItem, CommissionMember, Decision, Meeting, Minutes
from .services import (
    add_free_item,
    agenda_editable,
    approve,
    convene,
    create_meeting,
    decision_to_action,
    draft_minutes,
    ensure_agenda_editable,
    ensure_minutes_editable,
    members_on,
    move_item,
    new_version,
    record_decision,
    refresh_figures,
    role_rank,
)
from .status import decisions_follow_up


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class CommissionMixin(PilotageNavMixin, SchoolMixin):
    domain = Domain.COMMISSION

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = perms.may_edit_commission(self.capabilities)
        context["can_approve"] = perms.may_approve_minutes(self.capabilities)
        context["index_url"] = reverse("pilotage:commission", kwargs={"uai": self.school.uai})
        return context

    def meetings(self):
        return Meeting.objects.for_school(self.school).select_related("school")

    def index_url(self):
        return reverse("pilotage:commission", kwargs={"uai": self.school.uai})


class FormPage(CommissionMixin, TemplateView):
    """A form page of the commission: GET shows it, POST saves it (400 when refused)."""

    template_name = "pilotage/commission/form.html"
    required_level = Level.EDIT
    title = ""
    submit_label = "Enregistrer"

    def get_form(self, data=None):
        raise NotImplementedError

    def cancel_url(self):
        return self.index_url()

    def render_form(self, form, status=200, **extra):
        context = self.get_context_data(
            form=form,
            title=self.title,
            cancel_url=self.cancel_url(),
            submit_label=self.submit_label,
            **extra,
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_form(self.get_form())

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            with transaction.atomic():
                response = self.save(form)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
            return self.render_form(form, status=400)
        return response


class CommissionIndexView(CommissionMixin, TemplateView):
    template_name = "pilotage/commission/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        members = list(
            CommissionMember.objects.for_school(self.school)
            .select_related("user", "school__collectivite")
            .order_by(role_rank(), "name", "user__last_name", "pk")
        )
        context["members"] = [m for m in members if m.is_active_on(today)]
        context["former_members"] = [m for m in members if not m.is_active_on(today)]
        context["without_email"] = [m for m in context["members"] if not m.contact_email]
        meetings = list(self.meetings().prefetch_related("minutes").order_by("-starts_at"))
        for meeting in meetings:
            versions = sorted(meeting.minutes.all(), key=lambda m: -m.version)
            meeting.latest_minutes = versions[0] if versions else None
        now = timezone.now()
        context["upcoming"] = sorted(
            (m for m in meetings if m.starts_at >= now and m.status != MeetingStatus.CANCELLED),
            key=lambda m: m.starts_at,
        )
        context["past"] = [m for m in meetings if m.starts_at < now]
        context["last_held"] = next(
            (
                m
                for m in meetings
                if m.starts_at <= now and m.status in (MeetingStatus.HELD, MeetingStatus.CONVENED)
            ),
            None,
        )
        context["follow_up"] = decisions_follow_up(self.school)
        return context


# --- Members -------------------------------------------------------------------------------


class MemberCreateView(FormPage):
    title = "Ajouter un membre à la commission"
    submit_label = "Ajouter le membre"

    def get_form(self, data=None):
        return MemberForm(data, school=self.school, initial={"start_date": timezone.localdate()})

    def save(self, form):
        member = form.save(commit=False)
        member.school = self.school
        member.save()
        messages.success(self.request, f"{member.display_name} siège à la commission.")
        return redirect(self.index_url())


class MemberUpdateView(FormPage):
    title = "Modifier un membre de la commission"
    submit_label = "Enregistrer le membre"

    def get_form(self, data=None):
        self.member = self.own_object(CommissionMember, pk=self.kwargs["pk"])
        return MemberForm(data, school=self.school, instance=self.member)

    def save(self, form):
        member = form.save()
        messages.success(self.request, f"{member.display_name} : enregistré.")
        return redirect(self.index_url())


# --- Meetings ------------------------------------------------------------------------------


class MeetingCreateView(FormPage):
    title = "Nouvelle réunion de la commission"
    submit_label = "Créer la réunion et proposer l'ordre du jour"

    def get_form(self, data=None):
        return MeetingForm(data, initial={"duration_minutes": 90})

    def save(self, form):
        meeting = create_meeting(
            self.school,
            form.cleaned_data["starts_at"],
            created_by=self.request.user,
            duration_minutes=form.cleaned_data["duration_minutes"],
            location=form.cleaned_data["location"],
        )
        messages.success(
            self.request,
            "La réunion est créée avec un ordre du jour proposé à partir des données : "
            "modifiez-le, puis envoyez la convocation.",
        )
        return redirect(meeting)


class MeetingChildMixin:
    def get_meeting(self):
        self.meeting = get_object_or_404(self.meetings(), pk=self.kwargs["pk"])
        return self.meeting

    def cancel_url(self):
        return self.meeting.get_absolute_url()


class MeetingUpdateView(MeetingChildMixin, FormPage):
    title = "Modifier la date ou le lieu"
    submit_label = "Enregistrer la date et le lieu"

    def get_form(self, data=None):
        self.get_meeting()
        return MeetingForm(data, instance=self.meeting)

    def save(self, form):
        if self.meeting.status == MeetingStatus.HELD:
            raise ValidationError("La réunion a eu lieu : sa date ne change plus.")
        form.save()
        messages.success(
            self.request,
            "Réunion modifiée."
            + (" Envoyez de nouveau la convocation." if self.meeting.convened_at else ""),
        )
        return redirect(self.meeting)


class MeetingDetailView(CommissionMixin, TemplateView):
    template_name = "pilotage/commission/meeting.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = get_object_or_404(self.meetings(), pk=self.kwargs["pk"])
        items = list(
            meeting.items.order_by("order", "pk").prefetch_related(
                "decisions__action__responsible", "decisions__action__school"
            )
        )
        day = timezone.localtime(meeting.starts_at).date()
        members = list(members_on(self.school, day))
        minutes = list(meeting.minutes.order_by("-version").select_related("approved_by"))
        current = minutes[0] if minutes else None
        context.update(
            meeting=meeting,
            items=items,
            members=members,
            without_email=[m for m in members if not m.contact_email],
            minutes_versions=minutes,
            minutes=current,
            minutes_locked=current is not None and current.is_approved,
            editable_agenda=agenda_editable(meeting),
            follow_up=decisions_follow_up(self.school, before=meeting.starts_at),
            local_start=timezone.localtime(meeting.starts_at),
        )
        return context


class MeetingPostView(CommissionMixin, View):
    """A button on the meeting's page (POST only): do it, say it, come back."""

    required_level = Level.EDIT

    def get(self, request, *args, **kwargs):
        return redirect(self.get_meeting())

    def get_meeting(self):
        return get_object_or_404(self.meetings(), pk=self.kwargs["pk"])

    def post(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        try:
            with transaction.atomic():
                text = self.act(meeting)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return self.refused(meeting)
        messages.success(request, text)
        return redirect(meeting)

    def refused(self, meeting):
        """A refusal: the meeting's page with the message, HTTP 400, nothing written."""
        page = MeetingDetailView()
        page.setup(self.request, uai=self.school.uai, pk=meeting.pk)
        page.school, page.capabilities = self.school, self.capabilities
        response = page.render_to_response(page.get_context_data(), status=400)
        return response


class RefreshFiguresView(MeetingPostView):
    def act(self, meeting):
        if meeting.agenda_frozen:
            raise ValidationError(
                "Les chiffres ont été arrêtés à l'envoi de la convocation : renvoyez la "
                "convocation pour les actualiser."
            )
        refresh_figures(meeting, freeze=False)
        return "Les chiffres de l'ordre du jour sont actualisés."


class ConveneView(MeetingPostView):
    def act(self, meeting):
        sent, without = convene(meeting, request=self.request)
        text = f"Convocation envoyée à {sent} adresse(s), avec l'invitation pour l'agenda (.ics)."
        if without:
            names = ", ".join(m.display_name for m in without)
            text += f" Sans adresse électronique, pas de convocation pour : {names}."
        return text


class CancelMeetingView(MeetingPostView):
    def act(self, meeting):
        if meeting.status == MeetingStatus.HELD:
            raise ValidationError("La réunion a eu lieu : elle ne s'annule plus.")
        meeting.status = MeetingStatus.CANCELLED
        meeting.save(update_fields=["status"])
        return "La réunion est annulée."


# --- Agenda items --------------------------------------------------------------------------


class ItemCreateView(MeetingChildMixin, FormPage):
    title = "Ajouter un point à l'ordre du jour"
    submit_label = "Ajouter le point"

    def get_form(self, data=None):
        self.get_meeting()
        return ItemForm(data)

    def save(self, form):
        ensure_agenda_editable(self.meeting)
        add_free_item(self.meeting, form.cleaned_data["title"], form.cleaned_data["description"])
        messages.success(self.request, "Le point est ajouté à la fin de l'ordre du jour.")
        return redirect(self.meeting)


class ItemMixin:
    def get_item(self):
        self.item = get_object_or_404(
            AgendaItem.objects.filter(meeting__school=self.school).select_related(
                "meeting__school"
            ),
            pk=self.kwargs["pk"],
        )
        self.meeting = self.item.meeting
        return self.item

    def cancel_url(self):
        return self.meeting.get_absolute_url()


class ItemUpdateView(ItemMixin, FormPage):
    title = "Modifier un point de l'ordre du jour"
    submit_label = "Enregistrer le point"

    def get_form(self, data=None):
        return ItemForm(data, instance=self.get_item())

    def save(self, form):
        ensure_agenda_editable(self.meeting)
        form.save()
        messages.success(self.request, "Le point est modifié.")
        return redirect(self.meeting)


class ItemActionView(ItemMixin, CommissionMixin, View):
    """Move up, move down or remove an item (POST)."""

    required_level = Level.EDIT

    def get(self, request, *args, **kwargs):
        return redirect(self.get_item().meeting)

    def post(self, request, *args, **kwargs):
        item = self.get_item()
        meeting = item.meeting
        try:
            ensure_agenda_editable(meeting)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect(meeting)
        what = request.POST.get("do")
        with transaction.atomic():
            if what == "monter":
                move_item(item, -1)
            elif what == "descendre":
                move_item(item, +1)
            elif what == "supprimer":
                item.delete()
                remaining = meeting.items.order_by("order", "pk").first()
                if remaining:
                    move_item(remaining, 0)
                messages.success(request, f"Point « {item.title} » retiré.")
        return redirect(f"{meeting.get_absolute_url()}#ordre-du-jour")


# --- Decisions and minutes -----------------------------------------------------------------


class DecisionCreateView(ItemMixin, FormPage):
    title = "Enregistrer une décision"
    submit_label = "Enregistrer la décision"

    def get_form(self, data=None):
        self.get_item()
        self.title = f"Décision — point {self.item}"
        return DecisionForm(data, school=self.school)

    def save(self, form):
        data = form.cleaned_data
        decision = record_decision(
            self.meeting,
            self.item,
            data["text"],
            action_title=data["action_title"],
            responsible=data["responsible"] if data["make_action"] else None,
            due=data["due"],
            created_by=self.request.user,
            request=self.request,
        )
        text = "La décision est enregistrée"
        if decision.action_id:
            text += f" et l'action « {decision.action} » est inscrite au plan d'actions"
        messages.success(self.request, text + ".")
        return redirect(decision.get_absolute_url())


class DecisionActionView(FormPage):
    title = "Inscrire la décision au plan d'actions"
    submit_label = "Créer l'action"

    def get_form(self, data=None):
        self.decision = get_object_or_404(
            Decision.objects.filter(meeting__school=self.school).select_related("meeting__school"),
            pk=self.kwargs["pk"],
        )
        return DecisionForm(
            data,
            school=self.school,
            initial={"text": self.decision.text, "make_action": True},
        )

    def cancel_url(self):
        return self.decision.get_absolute_url()

    def save(self, form):
        data = form.cleaned_data
        if not data["make_action"]:
            raise ValidationError({"make_action": "Cochez la case pour créer l'action."})
        action = decision_to_action(
            self.decision,
            data["responsible"],
            data["due"],
            title=data["action_title"],
            created_by=self.request.user,
            request=self.request,
        )
        messages.success(self.request, f"L'action « {action} » est inscrite au plan d'actions.")
        return redirect(self.decision.get_absolute_url())


class MinutesEditView(MeetingChildMixin, FormPage):
    """Write the minutes: who was present, notes per item, decisions' texts; « Approuver »
    (the head) freezes them, makes the meeting « tenue » and sends the PDF to the members."""

    template_name = "pilotage/commission/minutes_form.html"
    title = "Compte rendu"
    submit_label = "Enregistrer le compte rendu"

    def get_form(self, data=None):
        self.get_meeting()
        self.minutes = self.meeting.current_minutes()
        members = members_on(self.school, timezone.localtime(self.meeting.starts_at).date())
        initial = {}
        if self.minutes is not None:
            initial = {"summary": self.minutes.summary, "present": self.minutes.present.all()}
        self.title = f"Compte rendu de la {self.meeting}"
        return MinutesForm(data, meeting=self.meeting, members=members, initial=initial)

    def render_form(self, form, status=200, **extra):
        return super().render_form(
            form, status, meeting=self.meeting, minutes=self.minutes, **extra
        )

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if self.minutes is not None and self.minutes.is_approved:
            return redirect(self.meeting)
        return self.render_form(form)

    def save(self, form):
        ensure_minutes_editable(self.meeting)
        approving = "approve" in self.request.POST
        if approving and not perms.may_approve_minutes(self.capabilities):
            self.refuse("Seul le chef d'établissement approuve le compte rendu.")
        minutes = draft_minutes(self.meeting)
        minutes.summary = form.cleaned_data["summary"]
        minutes.save(update_fields=["summary"])
        minutes.present.set(form.cleaned_data["present"])
        notes = form.item_notes()
        for item in form.items:
            if item.pk in notes and notes[item.pk] != item.notes:
                item.notes = notes[item.pk]
                item.save(update_fields=["notes"])
        texts = form.decision_texts()
        for decision in self.meeting.decisions.all():
            if decision.pk in texts and texts[decision.pk].strip() != decision.text:
                decision.text = texts[decision.pk].strip()
                decision.save(update_fields=["text"])
        if approving:
            approve(minutes, self.request.user, texts)
            messages.success(
                self.request,
                "Compte rendu approuvé : il ne se modifie plus ; les membres le recevront en "
                "PDF par courriel.",
            )
        else:
            messages.success(self.request, "Compte rendu enregistré (en rédaction).")
        return redirect(self.meeting)


class MinutesMixin:
    def get_minutes(self):
        return get_object_or_404(
            Minutes.objects.filter(meeting__school=self.school).select_related(
                "meeting__school", "approved_by"
            ),
            pk=self.kwargs["pk"],
        )


class MinutesDetailView(MinutesMixin, CommissionMixin, TemplateView):
    template_name = "pilotage/commission/minutes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(minutes_context(self.get_minutes()))
        return context


class MinutesCorrectionView(MinutesMixin, FormPage):
    title = "Corriger le compte rendu approuvé"
    submit_label = "Ouvrir une version corrigée"

    def get_form(self, data=None):
        self.minutes = self.get_minutes()
        return CorrectionForm(data)

    def cancel_url(self):
        return self.minutes.meeting.get_absolute_url()

    def save(self, form):
        copy = new_version(self.minutes, form.cleaned_data["reason"])
        messages.success(
            self.request, f"Version {copy.version} ouverte : corrigez-la puis approuvez-la."
        )
        return redirect(
            reverse(
                "pilotage:commission_minutes_edit",
                kwargs={"uai": self.school.uai, "pk": copy.meeting_id},
            )
        )


class MinutesPdfView(MinutesMixin, CommissionMixin, View):
    """The minutes as a PDF, built by the background worker."""

    def post(self, request, *args, **kwargs):
        from .tasks import build_minutes_pdf

        minutes = self.get_minutes()
        return self.run_in_background(f"{minutes} (PDF)", build_minutes_pdf, minutes_id=minutes.pk)

    def get(self, request, *args, **kwargs):
        return redirect(self.get_minutes().meeting)


def minutes_context(minutes) -> dict:
    """What the page and the PDF of one version of the minutes show (the approved copy, or
    the live data of a draft)."""
    from .services import snapshot

    meeting = minutes.meeting
    content = minutes.content if minutes.is_approved else snapshot(meeting, minutes)
    return {
        "minutes": minutes,
        "meeting": meeting,
        "school": meeting.school,
        "content": content,
        "local_start": timezone.localtime(meeting.starts_at),
        "follow_up": decisions_follow_up(meeting.school, before=meeting.starts_at),
        "printed_on": timezone.localdate(),
    }
