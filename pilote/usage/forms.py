"""Forms of the « Usages » module."""

from django import forms
from django.utils import timezone

from pilote.core.forms import PiloteForm, SchoolScopedModelForm

from .choices import EduConnectField
from .models import FollowUp, FollowUpNote, UsageSettings


class FollowUpForm(SchoolScopedModelForm):
    class Meta:
        model = FollowUp
        fields = ["status", "assignee"]


class FollowUpNoteForm(SchoolScopedModelForm):
    class Meta:
        model = FollowUpNote
        fields = ["written_on", "text"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_written_on(self):
        day = self.cleaned_data["written_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("Une note ne peut pas être datée du futur.")
        return day


class UsageSettingsForm(SchoolScopedModelForm):
    class Meta:
        model = UsageSettings
        fields = ["inactivity_weeks"]

    def clean_inactivity_weeks(self):
        weeks = self.cleaned_data["inactivity_weeks"]
        if not 1 <= weeks <= 52:
            raise forms.ValidationError("Choisissez un nombre de semaines entre 1 et 52.")
        return weeks


class SampleFileForm(PiloteForm):
    file = forms.FileField(
        label="Fichier ÉduConnect d'exemple",
        help_text="CSV ou XLSX : seule la ligne d'en-tête est lue, rien n'est enregistré.",
    )


class MappingForm(PiloteForm):
    """One choice per field among the headers of the sample file."""

    name = forms.CharField(label="Nom du modèle", max_length=80)

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— aucune —"), *[(h, h) for h in headers]]
        self.fields["headers"] = forms.CharField(
            widget=forms.HiddenInput, initial="\n".join(headers)
        )
        for field in EduConnectField:
            self.fields[field.value] = forms.ChoiceField(
                label=f"Colonne « {field.label} »",
                choices=choices,
                required=field.value in EduConnectField.required(),
            )

    def mapping(self) -> dict[str, str]:
        return {field.value: self.cleaned_data.get(field.value, "") for field in EduConnectField}


def headers_from_post(data) -> list[str]:
    return [h for h in data.get("headers", "").split("\n") if h.strip()][:100]
