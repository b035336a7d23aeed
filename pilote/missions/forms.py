"""Forms of the « Missions » module: every choice list limited to the current school."""

import re

from django import forms
from django.db.models import Q

from pilote.core.forms import PiloteForm, SchoolScopedModelForm
from pilote.core.metrics import registry
from pilote.core.uploads import JPEG, PDF, PNG, LimitedFileField

from .choices import MissionGrant
from .models import Delegation, Mission, MissionLetter

# Multiple choices as a plain list box: the DSFR checkbox snippets need django-widget-tweaks,
# which the project does not install as an app.
MULTIPLE = forms.SelectMultiple(attrs={"size": 8})
SIGNED_LETTER_MAX_BYTES = 5 * 1024 * 1024


class SchoolInstanceMixin:
    """Set the school on the instance before validation, so model checks can read it."""

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, school=school, **kwargs)
        if school is not None and not self.instance.school_id:
            self.instance.school = school


class MissionForm(SchoolInstanceMixin, SchoolScopedModelForm):
    grants = forms.MultipleChoiceField(
        label="Droits accordés dans Pilote",
        choices=MissionGrant.choices,
        required=False,
        widget=MULTIPLE,
    )
    is_active = forms.TypedChoiceField(
        label="Mission active",
        choices=[("oui", "Oui"), ("non", "Non, plus proposée")],
        coerce=lambda value: value == "oui",
        initial="oui",
    )

    class Meta:
        model = Mission
        fields = ["label", "code", "axis", "description", "grants", "is_active"]
        help_texts = {"code": "Identifiant court, en minuscules, sans espace (ex. : robotique)."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["is_active"] = "oui" if self.instance.is_active else "non"

    def clean_code(self):
        code = self.cleaned_data["code"]
        clash = Mission.objects.filter(Q(school__isnull=True) | Q(school=self.school), code=code)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                f"Le code « {code} » est déjà pris par une mission du référentiel ou de "
                "l'établissement : choisissez-en un autre."
            )
        return code


class DelegationForm(SchoolInstanceMixin, SchoolScopedModelForm):
    class Meta:
        model = Delegation
        fields = ["mission", "holder", "rank", "start_date", "end_date", "letter", "notes"]

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, school=school, **kwargs)
        # The referential's missions have no school: the generic scoping would hide them.
        self.fields["mission"].queryset = Mission.objects.available_to(school)
        self.fields["holder"].label_from_instance = lambda user: user.get_full_name() or str(user)


def school_year_is_valid(value: str) -> bool:
    match = re.fullmatch(r"(\d{4})-(\d{4})", value)
    return bool(match) and int(match.group(2)) == int(match.group(1)) + 1


class MissionLetterForm(SchoolInstanceMixin, SchoolScopedModelForm):
    indicators = forms.MultipleChoiceField(
        label="Indicateurs d'évaluation",
        required=False,
        widget=MULTIPLE,
        help_text="Indicateurs du tableau de bord qui serviront à évaluer l'action du référent.",
    )

    class Meta:
        model = MissionLetter
        fields = [
            "referent",
            "school_year",
            "start_date",
            "end_date",
            "imp_rate",
            "service_reduction",
            "indicators",
            "resources",
            "trainings",
            "conseil_pedagogique_date",
            "conseil_administration_date",
            "status",
        ]

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, school=school, **kwargs)
        self.fields["indicators"].choices = [
            (indicator.code, indicator.label) for indicator in registry.indicators()
        ]

    def clean_school_year(self):
        value = self.cleaned_data["school_year"].strip()
        if not school_year_is_valid(value):
            raise forms.ValidationError(
                "Écrivez l'année scolaire sous la forme 2025-2026 (deux années qui se suivent)."
            )
        return value

    def clean(self):
        cleaned = super().clean()
        pedagogique = cleaned.get("conseil_pedagogique_date")
        administration = cleaned.get("conseil_administration_date")
        if pedagogique and administration and administration < pedagogique:
            self.add_error(
                "conseil_administration_date",
                "Le conseil d'administration se prononce après l'avis du conseil pédagogique.",
            )
        return cleaned


class SignedLetterForm(PiloteForm):
    file = LimitedFileField(
        label="Lettre signée (scan)", kinds=(PDF, PNG, JPEG), max_bytes=SIGNED_LETTER_MAX_BYTES
    )
