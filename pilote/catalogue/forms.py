"""Forms of the « Services » module: catalogue entries, adoption, requests, opinions, register."""

from django import forms

from pilote.core.forms import PiloteForm, SchoolScopedModelForm

from .choices import RequestKind, Verdict
from .models import (
    AUDIENCE_FIELDS,
    RegisterEntry,
    RgpdRegister,
    SchoolService,
    Service,
    ValidationOpinion,
    ValidationRequest,
)


class YesNoSelect(forms.Select):
    """Oui / Non as a list: the DSFR checkbox and radio snippets need ``widget_tweaks``,
    which the project does not install."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[(True, "Oui"), (False, "Non")])


class YesNoMixin:
    """Every boolean field of the form rendered as a « Oui / Non » list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.BooleanField):
                field.widget = YesNoSelect()


SERVICE_FIELDS = [
    "name",
    "kind",
    "description",
    "publisher",
    "obligation",
    "sector",
    "gar",
    "family_authentication",
    "staff_authentication",
    *AUDIENCE_FIELDS,
    "support_contact",
    "url",
    "processes_personal_data",
    "personal_data_categories",
    "sensitive_data",
    "purpose",
    "legal_basis",
    "controller",
    "hosting",
    "hosting_detail",
    "is_offered",
]


class ServiceForm(YesNoMixin, SchoolScopedModelForm):
    """A catalogue entry kept by a school, an académie or a collectivité (never national:
    the national catalogue comes from the versioned referential)."""

    class Meta:
        model = Service
        fields = SERVICE_FIELDS

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("processes_personal_data") and not cleaned.get("personal_data_categories"):
            self.add_error(
                "personal_data_categories",
                "Indiquez les catégories de données traitées (elles alimentent le registre RGPD).",
            )
        if cleaned.get("sensitive_data") and not cleaned.get("processes_personal_data"):
            self.add_error(
                "processes_personal_data",
                "Un service qui traite des données sensibles traite des données personnelles.",
            )
        return cleaned


class SchoolServiceForm(SchoolScopedModelForm):
    """How the school runs an adopted service; the referent is limited to its members."""

    class Meta:
        model = SchoolService
        fields = ["referent", "status", "start_date", "end_date", "notes"]


class ValidationRequestForm(YesNoMixin, SchoolScopedModelForm):
    class Meta:
        model = ValidationRequest
        fields = [
            "kind",
            "title",
            "service_kind",
            "equipment_category",
            "purpose",
            "publisher",
            "sector",
            "url",
            "cost",
            "duration",
            *AUDIENCE_FIELDS,
            "personal_data",
            "sensitive_data",
            "hosting",
        ]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == RequestKind.EQUIPEMENT and not cleaned.get("equipment_category"):
            self.add_error("equipment_category", "Précisez la catégorie de l'équipement demandé.")
        if cleaned.get("cost") is not None and cleaned["cost"] < 0:
            self.add_error("cost", "Le coût ne peut pas être négatif.")
        if cleaned.get("sensitive_data") and not cleaned.get("personal_data"):
            self.add_error(
                "personal_data", "Décrivez les données personnelles, dont les sensibles."
            )
        if not any(cleaned.get(name) for name in AUDIENCE_FIELDS):
            raise forms.ValidationError("Cochez au moins un public concerné.")
        return cleaned


class OpinionForm(forms.ModelForm, PiloteForm):
    class Meta:
        model = ValidationOpinion
        fields = ["verdict", "comment"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("verdict") in (Verdict.RESERVES, Verdict.DEFAVORABLE) and not cleaned.get(
            "comment"
        ):
            self.add_error("comment", "Un avis réservé ou défavorable doit être motivé.")
        return cleaned


class DecisionForm(PiloteForm):
    APPROVE, REFUSE = "approuver", "refuser"

    decision = forms.ChoiceField(
        label="Décision",
        choices=[(APPROVE, "Approuver"), (REFUSE, "Refuser")],
    )
    comment = forms.CharField(
        label="Motif", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class DeclineForm(PiloteForm):
    comment = forms.CharField(
        label="Motif (communiqué au demandeur)", widget=forms.Textarea(attrs={"rows": 3})
    )


class RgpdRegisterForm(forms.ModelForm, PiloteForm):
    class Meta:
        model = RgpdRegister
        fields = [
            "controller_name",
            "controller_address",
            "controller_phone",
            "controller_email",
            "dpo_name",
            "dpo_contact",
        ]


class RegisterEntryForm(YesNoMixin, SchoolScopedModelForm):
    class Meta:
        model = RegisterEntry
        fields = [
            "reference",
            "name",
            "school_service",
            "controller",
            "joint_controllers",
            "processors",
            "purposes",
            "legal_basis",
            "data_subjects",
            "data_categories",
            "sensitive_data",
            "sensitive_data_detail",
            "recipients",
            "transfers_outside_eu",
            "transfer_safeguards",
            "retention",
            "security_measures",
            "created_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_service"].queryset = self.fields[
            "school_service"
        ].queryset.select_related("service")
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 2)
