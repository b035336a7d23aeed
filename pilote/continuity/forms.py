"""Forms of the « Continuité » module."""

from django import forms
from django.utils import timezone

from pilote.catalogue.choices import SchoolServiceStatus
from pilote.core.forms import PiloteForm, SchoolScopedModelForm

from .models import (
    Activation,
    ContinuityPlan,
    Exercise,
    PlanTool,
    Scenario,
    TrainingRecord,
)
from .plans import CARRIED_FIELDS
from .referential import load_referential

TEXT = forms.Textarea(attrs={"rows": 3})


class PlanForm(SchoolScopedModelForm):
    class Meta:
        model = ContinuityPlan
        fields = CARRIED_FIELDS
        widgets = dict.fromkeys(fields, TEXT)


class PlanStepsForm(SchoolScopedModelForm):
    """The dates of the conseil d'administration and of the letter to families."""

    class Meta:
        model = ContinuityPlan
        fields = ["ca_presented_on", "families_informed_on"]

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


class SurveyForm(PiloteForm):
    """Per division: pupils declared without a device, without a connection, at home.

    A count larger than the division's active pupils is refused, division by division, and
    nothing of the form is written.
    """

    def __init__(self, *args, divisions: list[tuple[int, str, int]], current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.divisions = divisions
        for pk, code, _headcount in divisions:
            device, connection = current.get(pk, (None, None))
            for name, label, value in (
                ("device", "sans équipement", device),
                ("connection", "sans connexion", connection),
            ):
                self.fields[f"{name}_{pk}"] = forms.IntegerField(
                    label=f"{code} : élèves {label}",
                    required=False,
                    min_value=0,
                    initial=value,
                    widget=forms.NumberInput(attrs={"class": "fr-input", "min": 0}),
                )

    def clean(self):
        data = super().clean()
        for pk, code, headcount in self.divisions:
            for name, label in (("device", "sans équipement"), ("connection", "sans connexion")):
                value = data.get(f"{name}_{pk}")
                if value is not None and value > headcount:
                    self.add_error(
                        f"{name}_{pk}",
                        f"Division {code} : {value} élèves {label} déclarés, pour "
                        f"{headcount} élève{'s' if headcount > 1 else ''} présent"
                        f"{'s' if headcount > 1 else ''} dans la division.",
                    )
        return data

    def rows(self):
        """(code, headcount, device field, connection field) for the table of the page."""
        return [
            (code, headcount, self[f"device_{pk}"], self[f"connection_{pk}"])
            for pk, code, headcount in self.divisions
        ]

    def answers(self) -> dict[int, tuple[int, int]]:
        """Divisions for which at least one figure was entered."""
        found = {}
        for pk, _code, _headcount in self.divisions:
            device = self.cleaned_data.get(f"device_{pk}")
            connection = self.cleaned_data.get(f"connection_{pk}")
            if device is not None or connection is not None:
                found[pk] = (device or 0, connection or 0)
        return found


class TrainingRecordForm(SchoolScopedModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["staff", "trained_on", "topic"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = self.fields["staff"].queryset.order_by(
            "last_name", "first_name"
        )

    def clean_trained_on(self):
        day = self.cleaned_data["trained_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("Une formation se note une fois faite : date à venir.")
        return day


class ExerciseForm(SchoolScopedModelForm):
    class Meta:
        model = Exercise
        fields = ["held_on", "scenario", "scope", "worked", "did_not_work", "corrective_measures"]
        widgets = {
            "worked": TEXT,
            "did_not_work": TEXT,
            "corrective_measures": TEXT,
        }


class ActivationForm(SchoolScopedModelForm):
    """« Activer le plan »: which scenario, for whom, and the message to families."""

    class Meta:
        model = Activation
        fields = ["scenario", "scope", "expected_end", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "scope": {
                "required": "Précisez le périmètre : tout l'établissement, les niveaux ou les "
                "divisions fermés."
            },
            "message": {"required": "Écrivez le message aux familles."},
        }

    def clean_scope(self):
        scope = " ".join(self.cleaned_data["scope"].split())
        if not scope:
            raise forms.ValidationError(self.fields["scope"].error_messages["required"])
        return scope

    def clean_expected_end(self):
        day = self.cleaned_data.get("expected_end")
        if day and day < timezone.localdate():
            raise forms.ValidationError("La reprise prévue ne peut pas être déjà passée.")
        return day


class ActivationStepsForm(PiloteForm):
    """The first-48-hours checklist of a running activation."""

    def __init__(self, *args, activation: Activation, **kwargs):
        super().__init__(*args, **kwargs)
        for index, step in enumerate(activation.steps):
            self.fields[f"step_{index}"] = forms.BooleanField(
                label=step, required=False, initial=index in activation.steps_done
            )

    def done(self) -> list[int]:
        return [int(name[5:]) for name, value in self.cleaned_data.items() if value]


class ActivationCloseForm(forms.ModelForm, PiloteForm):
    class Meta:
        model = Activation
        fields = ["review"]
        widgets = {"review": forms.Textarea(attrs={"rows": 6})}
        labels = {"review": "Bilan : ce qui a fonctionné, ce qui est à corriger"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].required = True
        self.fields["review"].error_messages["required"] = (
            "Écrivez un bilan, même court, avant de clore l'activation."
        )
