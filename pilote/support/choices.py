"""Choice lists of the « Assistance » module."""

from django.db import models


class Recipient(models.TextChoices):
    """Who answers a request: the source text's division of labour."""

    COLLECTIVITE = "collectivite", "Centre de services de la collectivité"
    ACADEMIE = "academie", "Assistance académique"
    ETABLISSEMENT = "etablissement", "Établissement (titulaire de la mission)"


class RequestCategory(models.TextChoices):
    EQUIPEMENT = "equipement", "Matériel"
    RESEAU = "reseau", "Réseau, wifi, accès à internet"
    SALLE = "salle", "Équipement d'une salle"
    SERVICE = "service", "Service numérique ou application"
    COMPTE = "compte", "Compte ou identité numérique"
    AUTRE = "autre", "Autre"


class AccountKind(models.TextChoices):
    EDUCONNECT = "educonnect", "ÉduConnect (élève ou représentant légal)"
    AGENT = "agent", "Compte académique d'un personnel (ARENA, messagerie)"
    ENT = "ent", "Compte de l'ENT"
    LOCAL = "local", "Compte d'un service propre à l'établissement"


class RequestStatus(models.TextChoices):
    NOUVELLE = "nouvelle", "Nouvelle"
    PRISE_EN_CHARGE = "prise_en_charge", "Prise en charge"
    EN_ATTENTE = "en_attente", "En attente"
    RESOLUE = "resolue", "Résolue"
    CLOSE = "close", "Close"

    @classmethod
    def open_values(cls) -> list[str]:
        """Requests somebody still has to act on."""
        return [cls.NOUVELLE, cls.PRISE_EN_CHARGE, cls.EN_ATTENTE]
