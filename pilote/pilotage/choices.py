"""Choice lists of the pilotage module."""

from django.db import models


class VoletStatus(models.TextChoices):
    DRAFT = "brouillon", "En préparation"
    PRESENTED = "presente", "Présenté au conseil pédagogique"
    ADOPTED = "adopte", "Adopté par le conseil d'administration"
    REPLACED = "remplace", "Remplacé par une version ultérieure"


class ActionStatus(models.TextChoices):
    TODO = "a_lancer", "À lancer"
    ONGOING = "en_cours", "En cours"
    DONE = "realisee", "Réalisée"
    ABANDONED = "abandonnee", "Abandonnée"

    @classmethod
    def open_values(cls) -> list[str]:
        return [cls.TODO, cls.ONGOING]
