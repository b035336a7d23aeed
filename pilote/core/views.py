"""The foundation's pages: home, cockpits, members, journal, imports, background jobs and
the school's e-mail outbox."""

import calendar
import io
import zipfile
from datetime import date
from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.generic import FormView, ListView, TemplateView, View
from django_filters.views import FilterView
from django_htmx.http import HTMX_STOP_POLLING
from django_tables2 import SingleTableMixin

from . import perms
from .charts import history_chart
from .choices import Domain, JournalAction, Level, OrganisationKind
from .files import FileRefused, unzip_single
from .filtersets import JournalFilterSet, MembershipFilterSet
from .forms import IndicatorFilterForm, MemberAddForm, MemberRoleForm
from .generic import ChosenColumnsMixin
from .health import health_checks
from .home import HomeContext, mine, sections, shortlist, todos
from .import_jobs import apply_import, is_background, preview_import
from .import_sources import SOURCES
from .importing import get_importer, importers_for, keep_refused, run_import
from .metrics import Status, format_value, registry
from .mixins import InvalidFormIs400, SchoolMixin, TerritoryMixin
from .models import (
    BackgroundJob,
    ImportBatch,
    ImportStatus,
    JobStatus,
    JournalEntry,
    Membership,
    OutboxMessage,
    OutboxStatus,
    School,
    User,
)
from .notify import resend, send_notification
from .revert import RevertRefused, check_revertible, revert_import
from .schoolyear import school_year_label, school_year_of
from .tables import JournalTable, MembershipTable
from .territory import territory_medians


class HomeView(LoginRequiredMixin, View):
    """Send each person to the place they last worked in, else to their first organisation."""

    def get(self, request):
        current = request.session.get("current_uai")
        schools = School.objects.visible_to(request.user)
        if current and schools.filter(uai=current).exists():
            return redirect("core:cockpit", uai=current)
        membership = (
            Membership.objects.active()
            .filter(user=request.user)
            .select_related("school", "collectivite", "academie")
            .order_by("pk")
            .first()
        )
        if membership is not None and membership.school_id:
            return redirect("core:cockpit", uai=membership.school.uai)
        if membership is not None and perms.lands_on_dpd_pages(membership):
            # The DPD's only pages (``pilote.dpd``).
            return redirect(territory_url(membership.organisation, "dpd:index"))
        if membership is not None:
            return redirect(territory_url(membership.organisation))
        first = schools.first()
        if first is not None:
            return redirect("core:cockpit", uai=first.uai)
        return redirect("core:no_organisation")


class NoOrganisationView(LoginRequiredMixin, TemplateView):
    template_name = "core/no_organisation.html"


def territory_url(organisation, name: str = "core:territory") -> str:
    kind = (
        "academie"
        if organisation.organisation_kind == OrganisationKind.ACADEMIE
        else (organisation.kind)
    )
    return reverse(name, kwargs={"kind": kind, "code": organisation.code})


def visible_domains(capabilities) -> list[str]:
    return [domain.value for domain in Domain if capabilities.can(domain, Level.VIEW)]


class CockpitView(SchoolMixin, TemplateView):
    """The school's home: « À traiter » (a short ranked list), then the modules' sections (the
    volet's objectives), then every indicator as one compact filterable table.

    A teacher or documentalist lands instead on their own things (« Mes réservations, mes
    prêts, mes demandes, mes actions, la charte à lire »). The number of queries does not
    depend on the history's length nor on the school's size (a test checks it)."""

    template_name = "core/cockpit.html"
    domain = Domain.PILOTAGE

    def personal(self) -> bool:
        return perms.has_personal_home(self.capabilities)

    def get_template_names(self):
        return ["core/home_personal.html" if self.personal() else self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.personal():
            home = HomeContext(self.school, self.request.user, self.capabilities)
            context["mine"] = mine(home)
            return context
        measures = registry.measure_school(
            self.school, visible_domains(self.capabilities), cached=True, trends=True
        )
        home = HomeContext(self.school, self.request.user, self.capabilities, measures)
        items = todos(home)
        present = list(dict.fromkeys(m.indicator.domain for m in measures))
        context["territory_label"], context["territory_medians"] = territory_medians(self.school)
        context.update(
            todos=shortlist(items),
            todo_all=items,
            todo_total=len(items),
            sections=sections(home),
            measures=measures,
            alerts=sum(1 for m in measures if m.status == Status.ALERT),
            filter=SimpleNamespace(
                form=IndicatorFilterForm(domains=[(d, Domain(d).label) for d in present])
            ),
        )
        return context


class IndicatorListView(SchoolMixin, TemplateView):
    """Every indicator the person may see, as one compact table filtered by module, status
    and trend — the figures behind « À traiter »."""

    template_name = "core/indicator_list.html"
    domain = Domain.PILOTAGE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        domains = visible_domains(self.capabilities)
        measures = registry.measure_school(self.school, domains, cached=True, trends=True)
        present = list(dict.fromkeys(m.indicator.domain for m in measures))
        form = IndicatorFilterForm(
            self.request.GET or None, domains=[(d, Domain(d).label) for d in present]
        )
        context["filter"] = SimpleNamespace(form=form)
        context["measures"] = [m for m in measures if form.keep(m)]
        context["territory_label"], context["territory_medians"] = territory_medians(self.school)
        context["total"] = len(measures)
        return context


class IndicatorDetailView(SchoolMixin, TemplateView):
    """One indicator: today's value and what judges it, its curve over this school year and
    the previous one (with the school's target), the same figures as a table, its detail."""

    template_name = "core/indicator_detail.html"

    def resolve_target(self, **kwargs) -> None:
        self.indicator = registry.by_code.get(kwargs["code"])
        if self.indicator is None:
            raise Http404("Indicateur inconnu.")
        self.domain = self.indicator.domain

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        measure = registry.measure_school(self.school, codes=[self.indicator.code], trends=True)[0]
        context["measure"] = measure
        context["indicator"] = self.indicator
        context.update(indicator_history(self.school, measure))
        if self.indicator.breakdown is not None:
            context["breakdown"] = self.indicator.breakdown(self.school)
        return context


def indicator_history(school, measure) -> dict:
    """The curve (SVG) and the month-by-month table of the last two school years."""
    today = timezone.localdate()
    current = school_year_of(today)
    start, end = date(current - 1, 9, 1), date(current + 1, 8, 31)
    indicator = measure.indicator
    points = registry.history.series(school, indicator.code, start, today)
    target = measure.target
    chart = history_chart(
        tuple(points),
        start=start,
        end=end,
        title=indicator.label_for(school),
        table=False,  # the page shows these figures in its own table
        ylabel=indicator.unit.label,
        year_starts=(date(current, 9, 1),),
        target=None
        if target is None
        else (target.value, f"Cible {format_value(target.value, indicator.unit)}"),
        milestones=() if target is None else tuple((m.day, m.value) for m in target.steps()),
    )
    return {
        "history_chart": chart if points else "",
        "history_rows": monthly_rows(points, current, today),
        "history_years": (school_year_label(current - 1), school_year_label(current)),
    }


def monthly_rows(points, current_year: int, today: date) -> list[tuple[str, object, object]]:
    """« septembre : value at the end of the month last year, this year » for each month."""

    def value_on(day: date):
        if day > today:
            return None
        found = None
        for point_day, value in points:
            if point_day > day:
                break
            found = value
        return found

    rows = []
    for offset in range(12):
        month = (8 + offset) % 12 + 1
        this_year = current_year + (month < 9)
        started = date(this_year, month, 1) <= today
        rows.append(
            (
                MONTHS[month - 1],
                value_on(month_end(this_year - 1, month)),
                value_on(min(month_end(this_year, month), today)) if started else None,
            )
        )
    return rows


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


class MemberListView(ChosenColumnsMixin, SchoolMixin, SingleTableMixin, FilterView):
    template_name = "core/members.html"
    domain = Domain.ETABLISSEMENT
    table_class = MembershipTable
    filterset_class = MembershipFilterSet
    paginate_by = 50

    def get_queryset(self):
        return Membership.objects.filter(school=self.school).select_related("user", "school")

    def get_table_kwargs(self):
        manage = perms.may_manage_members(self.capabilities)
        return {"exclude": () if manage else ("actions",)}


class MemberAddView(InvalidFormIs400, SchoolMixin, FormView):
    template_name = "core/member_form.html"
    domain = Domain.ETABLISSEMENT
    required_level = Level.MANAGE
    form_class = MemberAddForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": OrganisationKind.SCHOOL}

    @transaction.atomic
    def form_valid(self, form):
        data = form.cleaned_data
        user = User.objects.filter(email__iexact=data["email"]).first()
        if user is None:
            username = data["email"].lower()
            user = User(
                username=username,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
            user.set_unusable_password()
            user.save()
            send_invitation(self.request, user, self.school)
        if Membership.objects.active().filter(user=user, school=self.school).exists():
            form.add_error("email", "Cette personne est déjà membre de l'établissement.")
            return self.form_invalid(form)
        membership = Membership.objects.create(user=user, school=self.school, role=data["role"])
        self.journal(
            JournalAction.MEMBERSHIP_ADDED,
            f"{user} ajouté comme {membership.get_role_display()}",
            member=user.pk,
            role=membership.role,
        )
        messages.success(self.request, f"{user} est membre de l'établissement.")
        return redirect("core:members", uai=self.school.uai)


def send_invitation(request, user, school) -> None:
    """A new member chooses a password through a one-time link (Django's reset token)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    send_notification(
        [user.email],
        f"Votre accès à Pilote — {school.name}",
        "core/email/invitation.txt",
        {"user": user, "school": school, "link": request.build_absolute_uri(path)},
    )


class MembershipActionMixin(SchoolMixin):
    domain = Domain.ETABLISSEMENT
    required_level = Level.MANAGE

    def get_membership(self) -> Membership:
        return get_object_or_404(
            Membership.objects.active().select_related("user"),
            pk=self.kwargs["pk"],
            school=self.school,
        )


class MemberRoleView(InvalidFormIs400, MembershipActionMixin, FormView):
    template_name = "core/member_form.html"
    form_class = MemberRoleForm

    def get_form_kwargs(self):
        self.membership = self.get_membership()
        return {
            **super().get_form_kwargs(),
            "kind": OrganisationKind.SCHOOL,
            "initial": {"role": self.membership.role},
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "membership": self.membership}

    @transaction.atomic
    def form_valid(self, form):
        old_role = self.membership.get_role_display()
        self.membership.role = form.cleaned_data["role"]
        self.membership.save()
        self.journal(
            JournalAction.ROLE_CHANGED,
            f"{self.membership.user} : {old_role} → {self.membership.get_role_display()}",
            member=self.membership.user_id,
            role=self.membership.role,
        )
        messages.success(self.request, "Le rôle a été modifié.")
        return redirect("core:members", uai=self.school.uai)


class MemberEndView(MembershipActionMixin, TemplateView):
    template_name = "core/member_end.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "membership": self.get_membership()}

    @transaction.atomic
    def post(self, request, *args, **kwargs):
        membership = self.get_membership()
        if not perms.may_end_membership(request.user, membership):
            messages.error(request, "Vous ne pouvez pas mettre fin à votre propre rôle de chef.")
            return redirect("core:members", uai=self.school.uai)
        membership.end_date = timezone.localdate()
        membership.save()
        self.journal(
            JournalAction.MEMBERSHIP_ENDED,
            f"Fin du rôle {membership.get_role_display()} de {membership.user}",
            member=membership.user_id,
        )
        messages.success(request, f"{membership.user} n'a plus de rôle dans l'établissement.")
        return redirect("core:members", uai=self.school.uai)


class JournalPageMixin:
    """The security journal's page, a school's or a territory's: one template, one table,
    the same filters; only the entries it lists differ."""

    template_name = "core/journal.html"
    domain = Domain.JOURNAL
    table_class = JournalTable
    filterset_class = JournalFilterSet
    paginate_by = 50


class JournalView(JournalPageMixin, ChosenColumnsMixin, SchoolMixin, SingleTableMixin, FilterView):
    """The school's security journal, for the head (and the académie's RSSI)."""

    def get_queryset(self):
        return JournalEntry.objects.for_school(self.school)

    def get_table_kwargs(self):
        return {"exclude": ("school",)}


class TerritoryJournalView(
    JournalPageMixin, ChosenColumnsMixin, TerritoryMixin, SingleTableMixin, FilterView
):
    """Journal of every school of an académie or collectivité, for the RSSI (its columns
    chosen apart from a school's journal: this one has the school's name)."""

    column_key = "core.JournalTable:territoire"

    def get_queryset(self):
        return JournalEntry.objects.filter(school__in=self.territory_schools()).select_related(
            "school"
        )


class TerritoryListView(LoginRequiredMixin, ListView):
    """The territories a person belongs to (collectivités and académies)."""

    template_name = "core/territories.html"

    def get_queryset(self):
        return (
            Membership.objects.active()
            .filter(user=self.request.user)
            .filter(Q(collectivite__isnull=False) | Q(academie__isnull=False))
            .select_related("collectivite", "academie")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["territories"] = [
            (m.organisation, m.get_role_display(), territory_url(m.organisation))
            for m in context["object_list"]
        ]
        return context


# --- Imports -------------------------------------------------------------------------------


class ImportListView(SchoolMixin, ListView):
    template_name = "core/import_list.html"
    domain = Domain.PILOTAGE
    paginate_by = 50

    def get_queryset(self):
        kinds = [cls.kind for cls in importers_for("school", visible_domains(self.capabilities))]
        return (
            ImportBatch.objects.for_school(self.school)
            .filter(kind__in=kinds)
            .select_related("uploaded_by")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        importers = [
            cls for cls in importers_for("school") if perms.may_import(self.capabilities, cls)
        ]
        context["importers"] = importers
        context["sources"] = self.sources(importers)
        labels = {cls.kind: cls.label for cls in importers_for("school")}
        for batch in context["object_list"]:
            # The history names the import as the page does, never by its code.
            batch.kind_label = labels.get(batch.kind, batch.kind)
        return context

    def sources(self, importers) -> list[dict]:
        """The importers grouped by where their file comes from, each with the day of its
        last applied import (one query)."""
        last = dict(
            ImportBatch.objects.filter(
                school=self.school,
                kind__in=[cls.kind for cls in importers],
                status=ImportStatus.APPLIED,
            )
            .values("kind")
            .annotate(last=Max("decided_at"))
            .values_list("kind", "last")
        )
        groups = []
        for source in SOURCES:
            members = [cls for cls in importers if cls.origin == source.key]
            if members:
                entries = [{"importer": cls, "last": last.get(cls.kind)} for cls in members]
                groups.append({"source": source, "entries": entries})
        return groups


class ImporterMixin(SchoolMixin):
    required_level = Level.EDIT

    def resolve_target(self, **kwargs) -> None:
        try:
            self.importer_class = get_importer(kwargs["kind"])
        except KeyError:
            raise Http404("Type d'import inconnu.") from None
        if self.importer_class.scope != "school":
            raise Http404("Cet import ne se fait pas depuis un établissement.")
        self.domain = self.importer_class.domain
        self.names_pupils = self.importer_class.names_pupils

    def importer(self):
        return self.importer_class(school=self.school, user=self.request.user)


class ImportUploadView(ImporterMixin, TemplateView):
    """Upload a file; a file with errors is refused here with every error listed."""

    template_name = "core/import_upload.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "importer": self.importer_class}

    def post(self, request, *args, **kwargs):
        uploads = request.FILES.getlist("file")
        if not uploads:
            return self.render_errors(["Choisissez un fichier à importer."])
        if len(uploads) > 1 and not self.importer_class.multiple_files:
            return self.render_errors(["Cet import se fait un fichier à la fois."])
        limit = settings.PILOTE_IMPORT_MAX_BYTES
        if sum(upload.size for upload in uploads) > limit:
            names = ", ".join(upload.name for upload in uploads)
            return self.render_errors(
                [f"{names} dépasse la taille maximale ({limit // (1024 * 1024)} Mo)."]
            )
        importer = self.importer()
        try:
            name, content = bundle_uploads(uploads, self.importer_class)
        except FileRefused as refusal:
            names = ", ".join(upload.name for upload in uploads)
            keep_refused(importer, names, [str(refusal)])
            return self.render_errors([str(refusal)])
        if len(content) > settings.PILOTE_IMPORT_BACKGROUND_BYTES:
            # A big file: read and compared by the worker, the person follows its progress.
            batch = self.keep_upload(name, content, metadata={"background": True})
            return self.run_in_background(
                f"Aperçu de l'import : {name}", preview_import, batch_id=batch.pk
            )
        report = run_import(importer, content, name, apply=False)
        if report.refused:
            keep_refused(importer, name, report.parsed.errors)
            return self.render_errors([str(e) for e in report.parsed.errors], report)
        batch = self.keep_upload(
            name,
            content,
            summary=report.diff.counts,
            metadata={"warnings": [str(w) for w in report.parsed.warnings][:200]},
        )
        return redirect("core:import_preview", uai=self.school.uai, pk=batch.pk)

    def keep_upload(self, name: str, content: bytes, **fields) -> ImportBatch:
        """The file kept as this school's import, waiting for its preview to be read (by the
        worker for a big file) and applied; ``fields``: what is already known of it."""
        return ImportBatch.objects.create(
            school=self.school,
            kind=self.importer_class.kind,
            filename=name[:255],
            uploaded_by=self.request.user,
            content=content,
            **fields,
        )

    def render_errors(self, errors, report=None):
        # Every error goes to the page, which groups the repeated ones (« 44 lignes : … »).
        context = self.get_context_data(errors=errors, error_count=len(errors))
        if report is not None:
            context["warnings"] = [str(w) for w in report.parsed.warnings][:200]
        return self.render_to_response(context, status=400)


def bundle_uploads(uploads, importer_class) -> tuple[str, bytes]:
    """One upload as it is; several (the SIECLE exports) zipped together in memory, the
    archive named after them, so that they are previewed and applied as one import. A zipped
    export among them brings its one XML; a file that is no XML is refused by the importer
    under its own name (never dropped in silence)."""
    if len(uploads) == 1:
        return uploads[0].name, uploads[0].read()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for upload in uploads:
            name, content = upload.name, upload.read()
            if content[:4] == b"PK\x03\x04":
                member, content = unzip_single(content, filename=name, suffix=".xml")
                name = f"{name} › {member.rsplit('/', 1)[-1]}"
            archive.writestr(name if name.lower().endswith(".xml") else f"{name}.xml", content)
    names = " + ".join(upload.name for upload in uploads)
    return f"{len(uploads)} fichiers ({names})"[:240] + ".zip", buffer.getvalue()


def stored_report(preview: dict) -> SimpleNamespace:
    """The preview a background job kept, in the shape the page reads."""
    return SimpleNamespace(
        diff=SimpleNamespace(counts=preview["counts"], examples=preview["examples"]),
        parsed=SimpleNamespace(
            columns=preview["columns"],
            missing_fields=preview["missing_fields"],
            warnings=preview["warnings"],
        ),
        confirmation=preview["confirmation"],
    )


class ImportPreviewView(SchoolMixin, TemplateView):
    """The diff of a pending import, then the user's decision: apply or cancel."""

    template_name = "core/import_preview.html"
    required_level = Level.EDIT

    def resolve_target(self, **kwargs) -> None:
        """The importer decides which module's edit right the decision needs."""
        self.batch = self.own_object(ImportBatch, pk=kwargs["pk"])
        try:
            self.importer_class = get_importer(self.batch.kind)
        except KeyError:
            raise Http404("Type d'import inconnu.") from None
        self.domain = self.importer_class.domain
        self.names_pupils = self.importer_class.names_pupils

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.batch
        context["batch"] = batch
        context["importer"] = self.importer_class
        if batch.status == ImportStatus.PENDING and is_background(batch):
            # Computed once by the worker: the page never reads a big file again.
            preview = batch.metadata.get("preview")
            context["report"] = stored_report(preview) if preview else None
            context["preparing"] = preview is None
            if batch.metadata.get("apply_errors") and "errors" not in kwargs:
                context["errors"] = batch.metadata["apply_errors"]
        elif batch.status == ImportStatus.PENDING:
            importer = self.importer_class(school=self.school, user=self.request.user)
            report = run_import(importer, bytes(batch.content), batch.filename, apply=False)
            context["report"] = report
        if batch.status == ImportStatus.REFUSED and "errors" not in kwargs:
            context["errors"] = batch.metadata.get("error_list", [])
        context["removal_percent"] = settings.PILOTE_IMPORT_MAX_REMOVAL_PERCENT
        if batch.status == ImportStatus.APPLIED:
            try:
                check_revertible(batch)
            except RevertRefused as refusal:
                context["revert_refusal"] = str(refusal)
            context["can_revert"] = perms.may_import(self.capabilities, self.importer_class)
        return context

    @transaction.atomic
    def post(self, request, *args, **kwargs):
        # Locked, so that a double click cannot apply the same file twice.
        batch = self.batch = ImportBatch.objects.select_for_update().get(pk=self.batch.pk)
        if batch.status != ImportStatus.PENDING:
            messages.info(request, "Cet import a déjà été traité.")
            return redirect("core:import_preview", uai=self.school.uai, pk=batch.pk)
        if request.POST.get("decision") == "apply" and is_background(batch):
            return self.run_in_background(
                f"Application de l'import : {batch.filename}",
                apply_import,
                batch_id=batch.pk,
                accept_removals=request.POST.get("accept_removals", ""),
            )
        if request.POST.get("decision") == "apply":
            importer = self.importer_class(school=self.school, user=request.user)
            report = run_import(
                importer,
                bytes(batch.content),
                batch.filename,
                apply=True,
                accept_removals=request.POST.get("accept_removals", ""),
                batch=batch,
            )
            if report.refused:
                context = self.get_context_data(errors=[str(e) for e in report.parsed.errors])
                return self.render_to_response(context, status=400)
            batch.status = ImportStatus.APPLIED
            batch.summary = report.diff.counts
            messages.success(request, f"Import de {batch.filename} appliqué.")
        else:
            batch.status = ImportStatus.CANCELLED
            messages.info(request, f"Import de {batch.filename} annulé : rien n'a été modifié.")
        batch.content = None
        batch.decided_at = timezone.now()
        batch.save()
        return HttpResponseRedirect(reverse("core:imports", kwargs={"uai": self.school.uai}))


class ImportRevertView(ImportPreviewView):
    """« Annuler cet import »: whoever may apply that kind puts back what it changed."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            counts = revert_import(self.batch, request.user)
        except RevertRefused as refusal:
            context = self.get_context_data(errors=[f"Annulation impossible : {refusal}"])
            return self.render_to_response(context, status=400)
        messages.success(
            request,
            f"Import de {self.batch.filename} annulé : {counts['restored']} enregistrements "
            f"rétablis, {counts['deleted']} supprimés.",
        )
        return HttpResponseRedirect(reverse("core:imports", kwargs={"uai": self.school.uai}))


class AccessibilityView(TemplateView):
    """The RGAA accessibility statement, open to everyone (the footer of every page links to
    it, the login page included). Publisher and contact are the deploying académie's."""

    template_name = "core/accessibility.html"
    # Date of the last review of this statement against the known non-conformities.
    established = date(2026, 12, 6)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "title": "Déclaration d'accessibilité",
            "publisher": settings.PILOTE_PUBLISHER,
            "contact": settings.PILOTE_ACCESSIBILITY_CONTACT,
            "established": self.established,
        }


class JobView(LoginRequiredMixin, TemplateView):
    """The page of a background job: progress, then the file or page it produced.

    ``?partiel=1`` answers the status part alone, which the page fetches through htmx every
    1.5 s; once the job has ended the answer carries htmx's « stop polling » status (286).
    Someone else's job is « page introuvable »."""

    template_name = "core/job.html"

    def get_template_names(self):
        if self.request.GET.get("partiel"):
            return ["core/_job_status.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        job = get_object_or_404(BackgroundJob, pk=kwargs["pk"], user=self.request.user)
        return {**super().get_context_data(**kwargs), "job": job, "school": job.school}

    def render_to_response(self, context, **response_kwargs):
        if self.request.GET.get("partiel") and context["job"].finished:
            response_kwargs["status"] = HTMX_STOP_POLLING
        return super().render_to_response(context, **response_kwargs)


class JobResultView(LoginRequiredMixin, View):
    """Download the file a job produced (its owner only)."""

    def get(self, request, pk):
        job = get_object_or_404(BackgroundJob, pk=pk, user=request.user, status=JobStatus.DONE)
        if not job.result_file:
            raise Http404("Ce travail n'a pas produit de fichier.")
        return FileResponse(
            job.result_file.open("rb"), as_attachment=True, filename=job.result_name
        )


class OutboxView(SchoolMixin, ListView):
    """The school's e-mails that failed or still wait, for the head (who may resend them)."""

    template_name = "core/outbox.html"
    domain = Domain.ETABLISSEMENT
    required_level = Level.MANAGE
    shown_at_most = 200

    def get_queryset(self):
        shown = self.request.GET.get("etat") or OutboxStatus.FAILED
        if shown not in OutboxStatus.values:
            shown = OutboxStatus.FAILED
        self.shown = shown
        return OutboxMessage.objects.filter(school=self.school, status=shown).order_by(
            "-created_at"
        )[: self.shown_at_most]

    def get_context_data(self, **kwargs):
        counts = dict(
            OutboxMessage.objects.filter(school=self.school)
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        states = [(value, label, counts.get(value, 0)) for value, label in OutboxStatus.choices]
        return {
            **super().get_context_data(**kwargs),
            "states": states,
            "shown": self.shown,
            "shown_label": OutboxStatus(self.shown).label,
        }


class OutboxResendView(SchoolMixin, View):
    """Send a failed e-mail again (POST), from its first attempt."""

    domain = Domain.ETABLISSEMENT
    required_level = Level.MANAGE

    @transaction.atomic
    def post(self, request, *args, **kwargs):
        message = get_object_or_404(
            OutboxMessage, pk=kwargs["pk"], school=self.school, status=OutboxStatus.FAILED
        )
        resend(message)
        self.journal(
            JournalAction.MAIL_RESENT, f"Courriel renvoyé : {message.subject}", message=message.pk
        )
        messages.success(request, f"Le courriel « {message.subject} » repart.")
        return redirect("core:outbox", uai=self.school.uai)


class HealthView(View):
    """``/sante/`` for the supervision: 200 when Pilote can serve and work, 503 otherwise.

    Checks the database, the shared cache, a live background worker and the age of the oldest
    waiting task. An anonymous caller (the probe) gets one word; an administrator of the
    instance (superuser) gets the detail."""

    def get(self, request):
        checks = health_checks()
        healthy = all(check["ok"] for check in checks.values())
        status = 200 if healthy else 503
        if request.user.is_authenticated and request.user.is_superuser:
            return JsonResponse({"ok": healthy, "checks": checks}, status=status)
        return HttpResponse(
            "OK" if healthy else "Indisponible", status=status, content_type="text/plain"
        )
