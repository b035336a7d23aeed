"""Pages of the « Missions » module: the matrix, missions, delegations, lettres de mission."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import TemplateView, View

from pilote.core.choices import Domain, Level
from pilote.core.generic import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from pilote.core.journal import record_download
from pilote.core.mixins import SchoolMixin
from pilote.core.pdf import pdf_response

from .documents import build_docx, build_pdf, letter_facts, letter_filename
from .filtersets import DelegationFilterSet, MissionFilterSet, MissionLetterFilterSet
from .forms import DelegationForm, MissionForm, MissionLetterForm, SignedLetterForm
from .matrix import MAX_MISSIONS_PER_PERSON, build_matrix
from .models import Delegation, Mission, MissionLetter, SignedLetter
from .tables import DelegationTable, MissionLetterTable, MissionTable

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class MissionsMixin:
    domain = Domain.MISSIONS


class MatrixView(MissionsMixin, SchoolMixin, TemplateView):
    """« Qui fait quoi » : missions in rows, people in columns."""

    template_name = "missions/matrix.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["matrix"] = build_matrix(self.school)
        context["max_missions"] = MAX_MISSIONS_PER_PERSON
        context["can_edit"] = self.capabilities.can(self.domain, Level.EDIT)
        return context


# --- Missions ------------------------------------------------------------------------------


class MissionListView(MissionsMixin, ObjectListView):
    model = Mission
    table_class = MissionTable
    filterset_class = MissionFilterSet
    title = "Missions du référentiel et de l'établissement"

    def get_queryset(self):
        today = timezone.localdate()
        active = Q(delegations__school=self.school, delegations__start_date__lte=today) & (
            Q(delegations__end_date__isnull=True) | Q(delegations__end_date__gte=today)
        )
        return (
            Mission.objects.filter(Q(school__isnull=True) | Q(school=self.school))
            .annotate(holders=Count("delegations", filter=active))
            .order_by("order", "label")
        )

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "school": self.school}


class MissionDetailView(MissionsMixin, ObjectDetailView):
    model = Mission
    template_name = "missions/mission_detail.html"

    def get_queryset(self):
        return Mission.objects.filter(Q(school__isnull=True) | Q(school=self.school))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["delegations"] = (
            Delegation.objects.of_school(self.school)
            .filter(mission=self.object)
            .order_by("-start_date")
        )
        # A referential mission is the same for every school: no edit, no delete here.
        context["can_edit"] = context["can_edit"] and not self.object.is_referential
        context["can_delegate"] = self.capabilities.can(self.domain, Level.EDIT)
        if self.object.is_referential:
            context.pop("history", None)
        return context


class MissionCreateView(MissionsMixin, ObjectCreateView):
    create_title = "Nouvelle mission"
    create_submit = "Créer la mission"
    model = Mission
    form_class = MissionForm


class MissionUpdateView(MissionsMixin, ObjectUpdateView):
    model = Mission
    form_class = MissionForm


class MissionDeleteView(MissionsMixin, ObjectDeleteView):
    model = Mission

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.delegations.exists():
            messages.error(
                request,
                "Cette mission a des délégations : rendez-la inactive plutôt que de la "
                "supprimer, pour garder l'historique de qui l'a tenue.",
            )
            return redirect("missions:mission_detail", uai=self.school.uai, pk=self.object.pk)
        return super().post(request, *args, **kwargs)


# --- Delegations ---------------------------------------------------------------------------


class DelegationListView(MissionsMixin, ObjectListView):
    model = Delegation
    table_class = DelegationTable
    filterset_class = DelegationFilterSet
    title = "Délégations"

    def get_queryset(self):
        return Delegation.objects.of_school(self.school).select_related("letter")

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "school": self.school}


class DelegationDetailView(MissionsMixin, ObjectDetailView):
    model = Delegation
    template_name = "missions/delegation_detail.html"

    def get_queryset(self):
        return Delegation.objects.of_school(self.school).select_related("letter")


class DelegationCreateView(MissionsMixin, ObjectCreateView):
    create_title = "Nouvelle délégation"
    create_submit = "Enregistrer la délégation"
    model = Delegation
    form_class = DelegationForm

    def get_initial(self):
        initial = super().get_initial()
        mission = self.request.GET.get("mission", "")
        if mission.isdigit():
            initial["mission"] = int(mission)
        return initial


class DelegationUpdateView(MissionsMixin, ObjectUpdateView):
    model = Delegation
    form_class = DelegationForm


class DelegationDeleteView(MissionsMixin, ObjectDeleteView):
    model = Delegation


# --- Lettres de mission --------------------------------------------------------------------


class LetterScopeMixin(MissionsMixin):
    """A letter states a person's pay: besides those who edit missions, only its referent
    reads it."""

    model = MissionLetter
    url_prefix = "letter"

    def get_queryset(self):
        letters = MissionLetter.objects.for_school(self.school).select_related("referent")
        if self.capabilities.can(self.domain, Level.EDIT):
            return letters
        return letters.filter(referent=self.request.user)


class LetterListView(LetterScopeMixin, ObjectListView):
    table_class = MissionLetterTable
    filterset_class = MissionLetterFilterSet
    title = "Lettres de mission"


class LetterDetailView(LetterScopeMixin, ObjectDetailView):
    template_name = "missions/letter_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["facts"] = letter_facts(self.object)
        context["signed_versions"] = self.object.signed_versions.select_related("uploaded_by")
        context.setdefault("upload_form", SignedLetterForm())
        return context


class LetterCreateView(LetterScopeMixin, ObjectCreateView):
    create_title = "Nouvelle lettre de mission"
    create_submit = "Créer la lettre de mission"
    form_class = MissionLetterForm


class LetterUpdateView(LetterScopeMixin, ObjectUpdateView):
    form_class = MissionLetterForm


class LetterDeleteView(LetterScopeMixin, ObjectDeleteView):
    pass


class LetterDocumentView(LetterScopeMixin, SchoolMixin, View):
    """The letter as an editable DOCX or a PDF ready to sign."""

    def get(self, request, *args, **kwargs):
        letter = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        filename = letter_filename(letter, kwargs["format"])
        record_download(request, self.school, filename, f"lettre de mission {letter}")
        if kwargs["format"] == "pdf":
            return pdf_response(build_pdf(letter), filename)
        response = HttpResponse(build_docx(letter), content_type=DOCX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class SignedLetterUploadView(LetterDetailView):
    """Attach a signed version: the letter becomes « signée »."""

    required_level = Level.VIEW
    write_level = Level.EDIT

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = SignedLetterForm(request.POST, request.FILES)
        if not form.is_valid():
            context = self.get_context_data(upload_form=form)
            return self.render_to_response(context, status=400)
        upload = form.cleaned_data["file"]
        signed = SignedLetter.store(upload, request.user, letter=self.object)
        name = signed.original_name
        self.object.status = "signee"
        self.object.save(update_fields=["status"])
        messages.success(request, f"La version signée « {name} » a été jointe à la lettre.")
        return redirect(self.object.get_absolute_url())


class SignedLetterDownloadView(LetterScopeMixin, SchoolMixin, View):
    def get(self, request, *args, **kwargs):
        letter = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        signed = get_object_or_404(letter.signed_versions, pk=kwargs["signed_pk"])
        return signed.download()
