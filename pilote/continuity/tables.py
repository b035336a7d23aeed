"""Tables of the « Continuité » module."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from pilote.core.tables import PiloteTable

from .models import Exercise, TrainingRecord


class TrainingRecordTable(PiloteTable):
    staff = tables.Column(verbose_name="Personnel", order_by=("staff__last_name",))
    trained_on = tables.DateColumn(verbose_name="Formé le", format="d/m/Y")
    topic = tables.Column(verbose_name="Formation")
    actions = tables.Column(
        verbose_name="Actions", empty_values=(), orderable=False, exclude_from_export=True
    )

    class Meta(PiloteTable.Meta):
        model = TrainingRecord
        fields = ("staff", "trained_on", "topic", "actions")
        empty_text = "Aucune formation enregistrée."

    def render_actions(self, record):
        url = reverse(
            "continuity:training_delete", kwargs={"uai": record.school.uai, "pk": record.pk}
        )
        return format_html('<a class="fr-link fr-link--sm" href="{}">Supprimer</a>', url)


class ExerciseTable(PiloteTable):
    held_on = tables.DateColumn(verbose_name="Date", format="d/m/Y", linkify=True)
    scenario = tables.Column(verbose_name="Scénario joué")
    scope = tables.Column(verbose_name="Périmètre")

    class Meta(PiloteTable.Meta):
        model = Exercise
        fields = ("held_on", "scenario", "scope")
        empty_text = "Aucun exercice."
