"""The plan of the year: its steps, checklist, scenarios and organisation."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView, View

from pilote.core.choices import Level
from pilote.core.generic import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectUpdateView,
)
from pilote.core.mixins import InvalidFormIs400, SchoolMixin

from .. import plans, readiness
from ..choices import PlanStatus
from ..forms import ChecklistForm, PlanForm, PlanStepsForm, PlanToolForm, ScenarioForm
from ..models import Activation, ContinuityPlan, PlanTool, Scenario
from ..referential import load_referential
from .common import ContinuityMixin, PlanChildMixin


def plan_context(plan: ContinuityPlan | None, school) -> dict:
    """What the plan page shows, in a fixed number of queries."""
    context = {
        "plan": plan,
        "referential": load_referential(),
        "mission_holders": plans.mission_holders(school),
        "other_plans": ContinuityPlan.objects.for_school(school)
        .exclude(pk=getattr(plan, "pk", None))
        .order_by("-school_year"),
        "steps": PlanStatus.choices,
        "activations": list(Activation.objects.for_school(school)[:10]),
    }
    context["running"] = [a for a in context["activations"] if a.is_running]
    if plan is not None:
        rows = plans.checklist_rows(plan)
        context.update(
            checklist=rows,
            checklist_done=sum(1 for _, done in rows if done),
            scenarios=list(plan.scenarios.order_by("kind")),
            tools=list(plan.tools.select_related("school_service__service")),
            step_index=[value for value, _ in PlanStatus.choices].index(plan.status),
        )
    return context


class IndexView(ContinuityMixin, SchoolMixin, TemplateView):
    """« Continuité » : this year's plan, or the button to start it."""

    template_name = "continuity/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = plans.current_plan(self.school)
        context.update(plan_context(plan, self.school))
        context["object"] = plan
        context["readiness"] = readiness.for_school(self.school)
        context["current_year"] = plans.current_year()
        context["can_edit"] = self.capabilities.can(self.domain, Level.EDIT)
        context["can_validate"] = self.capabilities.can(self.domain, Level.MANAGE)
        return context


class PlanDetailView(ContinuityMixin, ObjectDetailView):
    model = ContinuityPlan
    url_prefix = "plan"
    template_name = "continuity/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(plan_context(self.object, self.school))
        if self.object.school_year == plans.current_year():
            context["readiness"] = readiness.for_school(self.school)
        context["current_year"] = plans.current_year()
        context["can_validate"] = self.capabilities.can(self.domain, Level.MANAGE)
        return context


class PlanCreateView(ContinuityMixin, SchoolMixin, View):
    """Start this year's plan (POST only): one per school and year."""

    required_level = Level.EDIT

    def post(self, request, *args, **kwargs):
        plan = plans.current_plan(self.school)
        if plan is None:
            plan = plans.create_plan(self.school)
            messages.success(request, f"Le {plan} est créé en brouillon.")
        return redirect(plan)


class PlanUpdateView(ContinuityMixin, ObjectUpdateView):
    model = ContinuityPlan
    url_prefix = "plan"
    form_class = PlanForm


class PlanStepsView(ContinuityMixin, ObjectUpdateView):
    """Presented to the CA, communicated to families: dated steps after validation."""

    model = ContinuityPlan
    url_prefix = "plan"
    form_class = PlanStepsForm

    def form_valid(self, form):
        form.instance.refresh_status()
        return super().form_valid(form)


class PlanValidateView(ContinuityMixin, SchoolMixin, View):
    """Only the head validates the plan (POST only)."""

    required_level = Level.MANAGE

    def post(self, request, *args, **kwargs):
        plan = self.own_object(ContinuityPlan, pk=kwargs["pk"])
        if plan.validated_on is None:
            plans.validate(plan, request.user)
            messages.success(request, f"Le {plan} est validé.")
        return redirect(plan)


class PlanChecklistView(InvalidFormIs400, PlanChildMixin, SchoolMixin, FormView):
    template_name = "continuity/checklist_form.html"
    form_class = ChecklistForm
    required_level = Level.EDIT

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def form_valid(self, form):
        plan = self.plan
        plan.checklist = form.checklist()
        plan.checklist_version = load_referential().version
        plan.save()
        messages.success(self.request, "Les étapes de préparation sont enregistrées.")
        return redirect(plan)


class ScenarioUpdateView(PlanChildMixin, ObjectUpdateView):
    model = Scenario
    form_class = ScenarioForm

    def get_queryset(self):
        return Scenario.objects.for_school(self.school).filter(plan=self.plan)


class PlanToolCreateView(PlanChildMixin, ObjectCreateView):
    create_title = "Nouvel outil du plan"
    create_submit = "Ajouter l'outil au plan"
    model = PlanTool
    url_prefix = "tool"
    form_class = PlanToolForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def form_valid(self, form):
        form.instance.plan = self.plan
        return super().form_valid(form)


class PlanToolDeleteView(PlanChildMixin, ObjectDeleteView):
    model = PlanTool
    url_prefix = "tool"

    def get_queryset(self):
        return PlanTool.objects.for_school(self.school).filter(plan=self.plan)
