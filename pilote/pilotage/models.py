"""Pilotage: the indicators' history, the volet numérique and the plan d'actions.

The history keeps, for each school and indicator, the value in force from a given day: a row
is written only on the days the value changes (a value that stays the same for a month costs
one row, not thirty), so reading « the value on a day » is one index probe — the last row on
or before that day — whatever the length of the history.
"""

from django.db import models

from pilote.core.models import School


class IndicatorRecord(models.Model):
    """The value of one indicator of one school from ``day`` on (until the next row)."""

    pk = models.CompositePrimaryKey("school", "code", "day")
    school = models.ForeignKey(
        School, verbose_name="établissement", on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField("indicateur", max_length=60)
    day = models.DateField("date")
    value = models.FloatField("valeur", null=True)

    class Meta:
        verbose_name = "valeur relevée"
        verbose_name_plural = "historique des indicateurs"

    def __str__(self) -> str:
        return f"{self.code} = {self.value} le {self.day:%d/%m/%Y}"
