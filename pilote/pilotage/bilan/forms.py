"""Forms of the bilan: which school year, which format, shared with whom."""

from django import forms
from django.utils import timezone

from pilote.core.forms import PiloteForm
from pilote.core.schoolyear import school_year_label, school_year_of

from .facts import available_years

FORMATS = [
    ("pdf", "PDF (avec les graphiques)"),
    ("docx", "DOCX (à retoucher dans un traitement de texte)"),
]


def year_choices() -> list[tuple[str, str]]:
    return [(str(year), school_year_label(year)) for year in available_years()]


def default_year() -> str:
    """The past school year: the one the conseil d'administration reviews in the autumn."""
    return str(school_year_of(timezone.localdate()) - 1)


class BilanForm(PiloteForm):
    annee = forms.TypedChoiceField(label="Année scolaire", coerce=int, choices=year_choices)
    format = forms.ChoiceField(label="Format", choices=FORMATS, widget=forms.RadioSelect)


class ShareForm(PiloteForm):
    annee = forms.TypedChoiceField(label="Année scolaire", coerce=int, choices=year_choices)
    with_collectivite = forms.BooleanField(label="Avec la collectivité", required=False)
    with_academie = forms.BooleanField(label="Avec l'académie", required=False)

    def clean(self):
        data = super().clean()
        if not data.get("with_collectivite") and not data.get("with_academie"):
            raise forms.ValidationError(
                "Cochez la collectivité, l'académie ou les deux : avec qui partager le bilan ?"
            )
        return data


class TerritoryBilanForm(PiloteForm):
    annee = forms.TypedChoiceField(label="Année scolaire", coerce=int, choices=year_choices)
