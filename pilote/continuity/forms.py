"""Forms of the « Continuité » module."""

from django import forms
from django.utils import timezone

from pilote.catalogue.choices import SchoolServiceStatus
from pilote.core.forms import PiloteForm, SchoolScopedModelForm

from .models import ContinuityPlan, PlanTool, Scenario
from .referential import load_referential

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class PlanForm(SchoolScopedModelForm):
    class Meta:
        model = ContinuityPlan
        fields = [
            "objectives",
            "timetable_principles",
            "identities",
            "training_plan",
            "resources",
            "evaluation",
        ]
        widgets = dict.fromkeys(fields, TEXT)


class PlanStepsForm(SchoolScopedModelForm):
    """The dates of the conseil d'administration and of the letter to families."""

    class Meta:
        model = ContinuityPlan
        fields = ["ca_presented_on", "families_informed_on"]
        widgets = {"ca_presented_on": DATE_INPUT, "families_informed_on": DATE_INPUT}

    def clean(self):
        data = super().clean()
        plan = self.instance
        if not plan.validated_on:
            raise forms.ValidationError(
                "Le plan doit d'abord être validé par le chef d'établissement."
            )
        today = timezone.localdate()
        for name in ("ca_presented_on", "families_informed_on"):
            day = data.get(name)
            if day and day > today:
                self.add_error(name, "Cette date est à venir : notez-la une fois l'étape faite.")
            elif day and day < plan.validated_on:
                self.add_error(
                    name,
                    f"Cette date précède la validation du plan ({plan.validated_on:%d/%m/%Y}).",
                )
        return data


class ChecklistForm(PiloteForm):
    """One box per step of the referential's checklist."""

    def __init__(self, *args, plan: ContinuityPlan, **kwargs):
        super().__init__(*args, **kwargs)
        done = plan.checklist or {}
        for item in load_referential().items:
            label = f"{item.action_label} — {item.label}"
            if item.to_confirm:
                label += " (à confirmer)"
            self.fields[item.code] = forms.BooleanField(
                label=label, required=False, initial=bool(done.get(item.code))
            )

    def checklist(self) -> dict:
        return {code: True for code, value in self.cleaned_data.items() if value}


class ScenarioForm(SchoolScopedModelForm):
    class Meta:
        model = Scenario
        fields = ["decides", "informed", "channels", "timetable", "first_48h"]
        widgets = {**dict.fromkeys(fields, TEXT), "first_48h": forms.Textarea(attrs={"rows": 7})}


class PlanToolForm(SchoolScopedModelForm):
    class Meta:
        model = PlanTool
        fields = ["use", "school_service", "notes"]

    def __init__(self, *args, plan: ContinuityPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        field = self.fields["school_service"]
        field.queryset = (
            field.queryset.exclude(status=SchoolServiceStatus.RETIRE)
            .select_related("service")
            .order_by("service__name")
        )
        field.help_text = "Les services adoptés par l'établissement (page Services)."

    def clean(self):
        data = super().clean()
        use, service = data.get("use"), data.get("school_service")
        if (
            use
            and service
            and PlanTool.objects.filter(plan=self.plan, use=use, school_service=service).exists()
        ):
            raise forms.ValidationError("Ce service est déjà retenu pour cet usage.")
        return data
