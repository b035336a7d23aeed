"""Tables of the « Missions » module."""

import django_tables2 as tables
from django.urls import reverse

from pilote.core.tables import PiloteTable

from .models import Delegation, Mission, MissionLetter


def mission_url(record, table) -> str:
    return reverse("missions:mission_detail", kwargs={"uai": table.school.uai, "pk": record.pk})


class MissionTable(PiloteTable):
    """Referential missions have no school of their own: the link takes the table's."""

    label = tables.Column(verbose_name="Mission", linkify=mission_url)
    origin = tables.Column(
        verbose_name="Origine", accessor="school_id", default="", orderable=False, empty_values=()
    )
    axis = tables.Column(verbose_name="Axe")
    holders = tables.Column(verbose_name="Titulaires aujourd'hui")
    is_active = tables.BooleanColumn(verbose_name="Active", yesno="Oui,Non")

    class Meta(PiloteTable.Meta):
        model = Mission
        fields = ("label", "origin", "axis", "holders", "is_active")
        empty_text = "Aucune mission."

    def __init__(self, *args, school, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)

    def render_origin(self, record):
        return "Référentiel" if record.is_referential else "Propre à l'établissement"

    def value_origin(self, record):
        return self.render_origin(record)


class DelegationTable(PiloteTable):
    mission = tables.Column(verbose_name="Mission", order_by=("mission__label",))
    holder = tables.Column(
        verbose_name="Titulaire",
        linkify=True,
        order_by=("holder__last_name", "holder__first_name"),
    )
    rank = tables.Column(verbose_name="Importance")
    start_date = tables.DateColumn(verbose_name="Début", format="d/m/Y")
    end_date = tables.DateColumn(verbose_name="Fin", format="d/m/Y", default="—")
    state = tables.Column(
        verbose_name="État", accessor="get_state_display", orderable=False, empty_values=()
    )
    letter = tables.Column(verbose_name="Lettre de mission", default="—", orderable=False)

    class Meta(PiloteTable.Meta):
        model = Delegation
        fields = ("mission", "holder", "rank", "start_date", "end_date", "state", "letter")
        empty_text = "Aucune délégation."


class MissionLetterTable(PiloteTable):
    school_year = tables.Column(verbose_name="Année", linkify=True)
    referent = tables.Column(
        verbose_name="Référent", order_by=("referent__last_name", "referent__first_name")
    )
    start_date = tables.DateColumn(verbose_name="Début", format="d/m/Y")
    end_date = tables.DateColumn(verbose_name="Fin", format="d/m/Y")
    imp_rate = tables.Column(verbose_name="IMP")
    status = tables.Column(verbose_name="État")
    conseil_administration_date = tables.DateColumn(
        verbose_name="Conseil d'administration", format="d/m/Y", default="—"
    )

    class Meta(PiloteTable.Meta):
        model = MissionLetter
        fields = (
            "school_year",
            "referent",
            "start_date",
            "end_date",
            "imp_rate",
            "status",
            "conseil_administration_date",
        )
        empty_text = "Aucune lettre de mission."
