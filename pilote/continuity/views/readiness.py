"""Readiness pages: the pupils and families to act on, the equipment survey, staff training."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView

from pilote.core.choices import Domain, Level
from pilote.core.generic import ObjectCreateView, ObjectDeleteView, ObjectListView
from pilote.core.mixins import InvalidFormIs400, SchoolMixin
from pilote.schooldata.models import Division, GuardianLink

from .. import readiness
from ..forms import SurveyForm, TrainingRecordForm
from ..models import EquipmentSurvey, TrainingRecord
from ..tables import TrainingRecordTable
from .common import ContinuityMixin


class PupilsToActView(ContinuityMixin, SchoolMixin, TemplateView):
    """Pupils (and their legal guardians' contacts) an item asks to act on.

    Names and contacts of families: only for the roles that may see them (« personnes »)."""

    template_name = "continuity/pupils_to_act.html"
    per_page = 50

    def get(self, request, *args, **kwargs):
        if kwargs["code"] not in readiness.PUPIL_LISTS:
            raise Http404("Liste inconnue.")
        if not self.capabilities.can(Domain.PERSONNES, Level.VIEW):
            self.refuse("Votre rôle ne permet pas de voir les élèves et les familles.")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        code = kwargs["code"]
        division = self.request.GET.get("division", "")
        division_id = int(division) if division.isdigit() else None
        legal = GuardianLink.objects.filter(is_legal=True).select_related("guardian")
        pupils = readiness.pupils_to_act(self.school, code, division_id).prefetch_related(
            Prefetch("guardian_links", queryset=legal, to_attr="legal_links")
        )
        page = Paginator(pupils, self.per_page).get_page(self.request.GET.get("page"))
        context.update(
            code=code,
            label=readiness.LABELS[code],
            page=page,
            division_id=division_id,
            divisions=Division.objects.for_school(self.school).classes().order_by("code"),
        )
        return context


class SurveyView(InvalidFormIs400, ContinuityMixin, SchoolMixin, FormView):
    """The survey of pupils without equipment or connection at home, division by division."""

    template_name = "continuity/survey_form.html"
    form_class = SurveyForm
    write_level = Level.EDIT

    def get_form_kwargs(self):
        current = {
            row["division_id"]: (row["without_device"], row["without_connection"])
            for row in EquipmentSurvey.objects.for_school(self.school).values(
                "division_id", "without_device", "without_connection"
            )
        }
        return {
            **super().get_form_kwargs(),
            "divisions": readiness.division_headcounts(self.school),
            "current": current,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = self.capabilities.can(self.domain, Level.EDIT)
        return context

    @transaction.atomic
    def form_valid(self, form):
        answers = form.answers()
        for division_id, (device, connection) in answers.items():
            EquipmentSurvey.objects.update_or_create(
                school=self.school,
                division_id=division_id,
                defaults={"without_device": device, "without_connection": connection},
            )
        messages.success(self.request, f"Recensement enregistré pour {len(answers)} division(s).")
        return redirect("continuity:index", uai=self.school.uai)


class TrainingMixin(ContinuityMixin):
    model = TrainingRecord
    url_prefix = "training"
    own_list = True


class TrainingListView(TrainingMixin, ObjectListView):
    table_class = TrainingRecordTable
    filterset_class = None
    title = "Formations des personnels aux outils du plan"

    def get_queryset(self):
        return TrainingRecord.objects.for_school(self.school).select_related("staff")


class TrainingCreateView(TrainingMixin, ObjectCreateView):
    create_title = "Nouvelle formation suivie"
    create_submit = "Enregistrer la formation"
    form_class = TrainingRecordForm

    def get_success_url(self):
        return self.request.path.rsplit("ajouter/", 1)[0]


class TrainingDeleteView(TrainingMixin, ObjectDeleteView):
    pass
