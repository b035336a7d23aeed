"""Forms of the « Compétences » module."""

from django import forms

from pilote.core.forms import PiloteForm, SchoolScopedModelForm

from .models import PixEduRecord


class PixEduForm(SchoolScopedModelForm):
    class Meta:
        model = PixEduRecord
        fields = ["path", "status", "level", "certified_on", "note"]
        help_texts = {
            "level": "Formation initiale : initié ou confirmé ; formation continue : confirmé, "
            "avancé ou expert.",
        }


class ScopeForm(PiloteForm):
    """Which pupils a mastery page covers: a campaign, a level or a division, or everything."""

    campagne = forms.TypedChoiceField(
        label="Campagne", required=False, coerce=int, empty_value=None
    )
    niveau = forms.ChoiceField(label="Niveau", required=False)
    division = forms.TypedChoiceField(
        label="Division", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, campaigns, levels, divisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campagne"].choices = [("", "Toutes les campagnes d'évaluation de l'année")] + [
            (c.pk, f"{c.name} ({c.school_year_label})") for c in campaigns
        ]
        self.fields["niveau"].choices = [("", "Tous les niveaux")] + [(lv, lv) for lv in levels]
        self.fields["division"].choices = [("", "Toutes les divisions")] + [
            (d.pk, d.code) for d in divisions
        ]
