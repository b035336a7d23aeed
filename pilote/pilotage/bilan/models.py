"""A bilan the head shared with the collectivité and/or the académie.

The shared document is the PDF built when the head shared it: the territory reads what the
head chose to show, as it was shown, not a bilan recomputed later. Sharing the same year again
replaces the document; withdrawing the share deletes it.
"""

from django.db import models

from pilote.core.fields import optional_user
from pilote.core.models import SchoolScopedModel
from pilote.core.schoolyear import school_year_label


def shared_bilan_path(instance, filename: str) -> str:
    return f"pilotage/bilans/{instance.school.uai}/{filename}"


class SharedBilan(SchoolScopedModel):
    start_year = models.PositiveSmallIntegerField("année scolaire (année de la rentrée)")
    with_collectivite = models.BooleanField("partagé avec la collectivité", default=False)
    with_academie = models.BooleanField("partagé avec l'académie", default=False)
    document = models.FileField(
        "bilan (PDF)", upload_to=shared_bilan_path, blank=True, max_length=255
    )
    shared_by = optional_user("partagé par", blank=False)
    shared_at = models.DateTimeField("partagé le", auto_now=True)

    class Meta:
        verbose_name = "bilan partagé"
        verbose_name_plural = "bilans partagés"
        ordering = ["-start_year", "school__name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "start_year"], name="unique_shared_bilan")
        ]

    def __str__(self) -> str:
        return f"Bilan du numérique {self.year_label} — {self.school}"

    @property
    def year_label(self) -> str:
        return school_year_label(self.start_year)

    @property
    def audiences(self) -> str:
        parts = []
        if self.with_collectivite:
            parts.append("la collectivité")
        if self.with_academie:
            parts.append("l'académie")
        return " et ".join(parts) or "personne"
