"""Forms of the pilotage module: every refusal says which field and why, in French."""

from django import forms
from django.utils import timezone

from pilote.core.choices import Domain
from pilote.core.forms import PiloteForm, SchoolScopedModelForm
from pilote.core.metrics import Unit, registry

from .choices import ActionStatus, VoletStatus
from .models import (
    MAX_AXES,
    MIN_AXES,
    Action,
    ActionNote,
    Axis,
    Objective,
    Target,
    TargetMilestone,
    Volet,
)

MILESTONES = 3


class VoletForm(SchoolScopedModelForm):
    class Meta:
        model = Volet
        fields = [
            "title",
            "start_year",
            "end_year",
            "summary",
            "status",
            "conseil_pedagogique_date",
            "conseil_administration_date",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.status != VoletStatus.REPLACED:
            self.fields["status"].choices = [
                c for c in VoletStatus.choices if c[0] != VoletStatus.REPLACED
            ]
        if not self.instance.pk:
            self.initial.setdefault("start_year", timezone.localdate().year)
            self.initial.setdefault("end_year", timezone.localdate().year + 3)
        else:
            # The period names the document and its versions: it is chosen once.
            for name in ("start_year", "end_year"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and not (start < end <= start + 6):
            self.add_error(
                "end_year",
                "La dernière année doit suivre la première, sur six ans au plus "
                f"(ex. : {start}-{start + 3}).",
            )
        if start and not self.instance.pk:
            clash = Volet.objects.for_school(self.school).filter(start_year=start)
            if clash.exists():
                self.add_error(
                    "start_year",
                    f"Un volet commençant en {start} existe déjà : ouvrez-le et créez-en une "
                    "nouvelle version.",
                )
        self._check_status(data)
        return data

    def _check_status(self, data) -> None:
        status = data.get("status")
        cp, ca = data.get("conseil_pedagogique_date"), data.get("conseil_administration_date")
        if status in (VoletStatus.PRESENTED, VoletStatus.ADOPTED) and not cp:
            self.add_error(
                "conseil_pedagogique_date",
                "Indiquez la date de présentation au conseil pédagogique.",
            )
        if status == VoletStatus.ADOPTED and not ca:
            self.add_error(
                "conseil_administration_date",
                "Indiquez la date d'adoption par le conseil d'administration.",
            )
        if cp and ca and ca < cp:
            self.add_error(
                "conseil_administration_date",
                "Le conseil d'administration adopte le volet après sa présentation au conseil "
                "pédagogique.",
            )
        if status in (VoletStatus.PRESENTED, VoletStatus.ADOPTED):
            axes = self.instance.axes.count() if self.instance.pk else 0
            if not MIN_AXES <= axes <= MAX_AXES:
                self.add_error(
                    "status",
                    f"Un volet présenté ou adopté compte de {MIN_AXES} à {MAX_AXES} axes ; "
                    f"celui-ci en a {axes}.",
                )


class AxisForm(SchoolScopedModelForm):
    class Meta:
        model = Axis
        fields = ["order", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, volet=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.volet = volet or self.instance.volet

    def clean(self):
        data = super().clean()
        if not self.instance.pk and self.volet.axes.count() >= MAX_AXES:
            self.add_error("title", f"Le volet compte déjà {MAX_AXES} axes, le maximum.")
        return data


class ObjectiveForm(SchoolScopedModelForm):
    class Meta:
        model = Objective
        fields = ["order", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


def indicator_choices(school) -> list:
    """Registry indicators by module; those the school cannot measure are marked so."""
    measures = registry.measure_school(school, cached=True)
    groups: dict[str, list] = {}
    for measure in measures:
        indicator = measure.indicator
        label = indicator.label
        if indicator.unit and Unit(indicator.unit).label:
            label += f" ({Unit(indicator.unit).label})"
        if measure.value is None:
            label += " — non mesuré dans l'établissement"
        groups.setdefault(Domain(indicator.domain).label, []).append((indicator.code, label))
    return [("", "Choisir un indicateur"), *groups.items()]


class TargetForm(SchoolScopedModelForm):
    """A target on one indicator, with up to three yearly milestones."""

    code = forms.ChoiceField(label="Indicateur")

    class Meta:
        model = Target
        fields = ["code", "value", "deadline"]
        help_texts = {
            "value": "La valeur que l'établissement s'engage à atteindre, dans l'unité de "
            "l'indicateur (un taux en %, un nombre…).",
            "deadline": "La date à laquelle la cible doit être atteinte (ex. : 30/06/2027).",
        }

    def __init__(self, *args, objective=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.objective = objective or self.instance.objective
        self.fields["code"].choices = indicator_choices(self.school)
        existing = list(self.instance.milestones.all()) if self.instance.pk else []
        for index in range(1, MILESTONES + 1):
            milestone = existing[index - 1] if index <= len(existing) else None
            self.fields[f"milestone_{index}_day"] = forms.DateField(
                label=f"Jalon {index} : date",
                required=False,
                initial=milestone.day if milestone else None,
                help_text="Facultatif : une étape avant l'échéance (ex. : fin d'année scolaire).",
            )
            self.fields[f"milestone_{index}_value"] = forms.FloatField(
                label=f"Jalon {index} : valeur",
                required=False,
                initial=milestone.value if milestone else None,
            )

    def clean_code(self):
        code = self.cleaned_data["code"]
        indicator = registry.by_code.get(code)
        if indicator is None:
            raise forms.ValidationError("Cet indicateur n'existe pas dans Pilote.")
        measure = registry.measure_school(self.school, codes=[code], cached=True)[0]
        if measure.value is None:
            raise forms.ValidationError(
                f"« {indicator.label} » : l'établissement ne peut pas mesurer cet indicateur "
                "(aucune valeur aujourd'hui) ; une cible ne pourrait jamais être suivie."
            )
        others = Target.objects.filter(
            objective__axis__volet=self.objective.axis.volet, code=code
        ).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                f"« {indicator.label} » a déjà une cible dans ce volet (objectif "
                f"« {others.first().objective} »)."
            )
        return code

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(
                f"L'échéance du {deadline:%d/%m/%Y} est passée : choisissez une date à venir."
            )
        return deadline

    def clean(self):
        data = super().clean()
        indicator = registry.by_code.get(data.get("code") or "")
        value = data.get("value")
        if indicator and value is not None:
            self._check_value("value", value, indicator)
        deadline = data.get("deadline")
        for index in range(1, MILESTONES + 1):
            day = data.get(f"milestone_{index}_day")
            step = data.get(f"milestone_{index}_value")
            if (day is None) != (step is None):
                missing = "value" if step is None else "day"
                self.add_error(
                    f"milestone_{index}_{missing}",
                    f"Le jalon {index} demande une date et une valeur.",
                )
            elif day is not None and deadline is not None and day >= deadline:
                self.add_error(
                    f"milestone_{index}_day",
                    f"Le jalon {index} ({day:%d/%m/%Y}) est au-delà de l'échéance "
                    f"({deadline:%d/%m/%Y}) : un jalon la précède.",
                )
            elif step is not None and indicator:
                self._check_value(f"milestone_{index}_value", step, indicator)
        return data

    def _check_value(self, field: str, value: float, indicator) -> None:
        if value < 0:
            self.add_error(field, "Une valeur négative ne peut pas être visée.")
        elif indicator.unit == Unit.PERCENT and value > 100:
            self.add_error(field, "Un taux se vise entre 0 et 100 %.")

    def milestones(self) -> list[TargetMilestone]:
        data = self.cleaned_data
        return [
            TargetMilestone(day=data[f"milestone_{i}_day"], value=data[f"milestone_{i}_value"])
            for i in range(1, MILESTONES + 1)
            if data.get(f"milestone_{i}_day") is not None
        ]

    def save(self, commit=True):
        target = super().save(commit=False)
        target.objective = self.objective
        target.save()
        target.milestones.all().delete()
        for milestone in self.milestones():
            milestone.target = target
            milestone.save()
        return target


# --- Plan d'actions ------------------------------------------------------------------------


class ActionForm(SchoolScopedModelForm):
    indicators = forms.MultipleChoiceField(
        label="Indicateurs servis",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Facultatif.",
    )

    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "responsible",
            "involved",
            "start_date",
            "due_date",
            "status",
            "objective",
            "indicators",
            "success_criterion",
            "resources",
            "budget",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "success_criterion": forms.Textarea(attrs={"rows": 2}),
            "resources": forms.Textarea(attrs={"rows": 2}),
            "involved": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "success_criterion": "À quoi verra-t-on que l'action a réussi ?",
            "resources": "Temps, formation, matériel, partenaires…",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = (
            Objective.objects.filter(axis__volet__school=self.school)
            .exclude(axis__volet__status=VoletStatus.REPLACED)
            .select_related("axis__volet")
            .order_by("axis__volet__start_year", "axis__order", "order")
        )
        self.fields["objective"].label_from_instance = lambda o: (
            f"{o.axis.volet.period} · axe {o.axis.order} · {o.title}"
        )
        for name in ("responsible", "involved"):
            self.fields[name].queryset = self.fields[name].queryset.order_by(
                "last_name", "first_name"
            )
        self.fields["indicators"].choices = [(i.code, i.label) for i in registry.indicators()]

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if not self.instance.pk and due < timezone.localdate():
            raise forms.ValidationError(
                f"L'échéance du {due:%d/%m/%Y} est passée : choisissez une date à venir."
            )
        return due

    def clean(self):
        data = super().clean()
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and start > due:
            self.add_error("start_date", "Le début doit précéder l'échéance.")
        budget = data.get("budget")
        if budget is not None and budget < 0:
            self.add_error("budget", "Un budget ne peut pas être négatif.")
        return data


class ActionNoteForm(forms.ModelForm, PiloteForm):
    status = forms.ChoiceField(label="État de l'action", choices=ActionStatus.choices)

    class Meta:
        model = ActionNote
        fields = ["day", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError("Un point d'étape se date d'aujourd'hui ou d'avant.")
        return day
