"""Tables of the plan d'actions: overdue actions stand out (badge and row class)."""

import django_tables2 as tables

from pilote.core.tables import PiloteTable, badge

from .models import Action

STATUS_BADGES = {
    "a_lancer": "fr-badge--info",
    "en_cours": "fr-badge--new",
    "realisee": "fr-badge--success",
    "abandonnee": "",
}


def status_badge(action) -> str:
    if action.is_overdue:
        return badge("fr-badge--error", f"En retard de {action.days_late} j")
    return badge(STATUS_BADGES.get(action.status, ""), action.get_status_display())


class ActionTable(PiloteTable):
    title = tables.Column(verbose_name="Action", linkify=True)
    responsible = tables.Column(
        verbose_name="Responsable", order_by=("responsible__last_name", "responsible__first_name")
    )
    due_date = tables.DateColumn(verbose_name="Échéance", format="d/m/Y")
    status = tables.Column(verbose_name="État")
    objective = tables.Column(verbose_name="Objectif servi", default="—")
    source = tables.Column(verbose_name="Origine", default="—")

    class Meta(PiloteTable.Meta):
        model = Action
        fields = ("title", "responsible", "due_date", "status", "objective", "source")
        empty_text = "Aucune action."
        row_attrs = {"class": lambda record: "pilote-row--late" if record.is_overdue else ""}

    def render_status(self, record):
        return status_badge(record)

    def value_status(self, record):
        return "En retard" if record.is_overdue else record.get_status_display()
