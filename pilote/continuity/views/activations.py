"""« Activer le plan » for a real closure: who, when, which scenario, which scope; the message
to families; the first-48-hours checklist; the académie informed; a review at the end."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import View

from pilote.core.choices import JournalAction, Level, Role
from pilote.core.generic import ObjectCreateView, ObjectDetailView, ObjectUpdateView
from pilote.core.mixins import SchoolMixin
from pilote.core.notify import emails_of_role, send_notification

from .. import plans
from ..choices import ScenarioKind
from ..documents import default_message
from ..forms import ActivationCloseForm, ActivationForm, ActivationStepsForm
from ..models import Activation, ContinuityPlan, Scenario
from ..tasks import build_activation_pdf, build_plan_pdf
from .common import ContinuityMixin

# Where the pre-filled message names the scope, replaced by the scope entered on activation.
SCOPE_PLACEHOLDER = "[périmètre]"
# Who at the académie hears of an activation: the DRANE (its continuity team).
ACADEMIE_ROLES = [Role.DRANE]


class ActivationMixin(ContinuityMixin):
    model = Activation
    url_prefix = "activation"


class ActivationCreateView(ActivationMixin, ObjectCreateView):
    create_title = "Activer le plan de continuité"
    create_submit = "Activer le plan"
    form_class = ActivationForm
    template_name = "continuity/activation_form.html"

    def get_initial(self):
        kind = self.request.GET.get("scenario", ScenarioKind.FERMETURE_TOTALE)
        if kind not in ScenarioKind.values:
            kind = ScenarioKind.FERMETURE_TOTALE
        scope = "Tout l'établissement" if kind == ScenarioKind.FERMETURE_TOTALE else ""
        return {
            "scenario": kind,
            "scope": scope,
            "message": default_message(self.school, ScenarioKind(kind).label, SCOPE_PLACEHOLDER),
        }

    @transaction.atomic
    def form_valid(self, form):
        activation = form.instance
        activation.school = self.school
        activation.started_by = self.request.user
        activation.plan = plans.current_plan(self.school)
        # The message written before the scope was known names it now.
        activation.message = activation.message.replace(SCOPE_PLACEHOLDER, activation.scope)
        scenario = (
            Scenario.objects.filter(plan=activation.plan, kind=activation.scenario).first()
            if activation.plan
            else None
        )
        activation.steps = scenario.steps if scenario else []
        response = super().form_valid(form)
        self.journal(
            JournalAction.CONTINUITY_ACTIVATED,
            f"Plan de continuité activé : {activation.get_scenario_display()} — {activation.scope}",
            activation=activation.pk,
        )
        send_notification(
            emails_of_role(self.school, ACADEMIE_ROLES),
            f"Plan de continuité activé — {self.school.name}",
            "continuity/email/activation.txt",
            {"activation": activation, "school": self.school, "sender": self.request.user},
        )
        return response


class ActivationDetailView(ActivationMixin, ObjectDetailView):
    template_name = "continuity/activation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("steps_form", ActivationStepsForm(activation=self.object))
        context.setdefault("close_form", ActivationCloseForm(instance=self.object))
        context["edit_url"] = ""
        context["delete_url"] = ""
        return context


class ActivationStepsView(ActivationMixin, SchoolMixin, View):
    required_level = Level.EDIT

    def post(self, request, *args, **kwargs):
        activation = self.own_object(Activation, pk=kwargs["pk"])
        form = ActivationStepsForm(request.POST, activation=activation)
        form.is_valid()
        activation.steps_done = form.done()
        activation.save(update_fields=["steps_done"])
        messages.success(request, "Les actions des premières 48 heures sont à jour.")
        return redirect(activation)


class ActivationCloseView(ActivationMixin, ObjectUpdateView):
    """Closing records a short review; a closed activation stays as it was."""

    form_class = ActivationCloseForm
    template_name = "continuity/activation_close.html"

    def get_queryset(self):
        return Activation.objects.for_school(self.school).running()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("school", None)
        return kwargs

    @transaction.atomic
    def form_valid(self, form):
        form.instance.closed_at = timezone.now()
        form.instance.closed_by = self.request.user
        response = super().form_valid(form)
        self.journal(
            JournalAction.CONTINUITY_CLOSED,
            f"Activation du plan de continuité close : {self.object.scope}",
            activation=self.object.pk,
        )
        return response


class ActivationPdfView(ContinuityMixin, SchoolMixin, View):
    """The message to families as a PDF, made by the worker."""

    def post(self, request, *args, **kwargs):
        activation = self.own_object(Activation, pk=kwargs["pk"])
        return self.run_in_background(
            f"Message aux familles — {self.school.name} (PDF)",
            build_activation_pdf,
            activation_id=activation.pk,
        )


class PlanPdfView(ContinuityMixin, SchoolMixin, View):
    """The plan (``families`` false) or its one-page version for families, as a PDF."""

    families = False

    def post(self, request, *args, **kwargs):
        plan = self.own_object(ContinuityPlan, pk=kwargs["pk"])
        label = "version pour les familles" if self.families else "plan complet"
        return self.run_in_background(
            f"{plan} — {label} (PDF)", build_plan_pdf, plan_id=plan.pk, families=self.families
        )
