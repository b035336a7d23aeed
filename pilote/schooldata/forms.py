from django import forms

from pilote.core.forms import PiloteForm, SchoolScopedModelForm

from .models import DataSettings


class DataSettingsForm(SchoolScopedModelForm):
    class Meta:
        model = DataSettings
        fields = ["freshness_days"]


class FeedForm(PiloteForm):
    """One application of « Circulation des données »: when it was last fed, by whom."""

    last_fed_on = forms.DateField(
        label="Dernière alimentation",
        required=False,
    )
    responsible = forms.CharField(
        label="Responsable",
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"class": "fr-input"}),
    )

    def clean_last_fed_on(self):
        from django.utils import timezone

        value = self.cleaned_data["last_fed_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("La date ne peut pas être dans le futur.")
        return value
