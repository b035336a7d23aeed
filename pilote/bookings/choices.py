"""Choice lists of the « Réservations » module."""

from django.db import models


class Zone(models.TextChoices):
    """The three zones of the school calendar (winter and spring holidays differ)."""

    A = "A", "Zone A"
    B = "B", "Zone B"
    C = "C", "Zone C"


class ClosureKind(models.TextChoices):
    VACANCES = "vacances", "Vacances scolaires"
    FERIE = "ferie", "Jour férié"
    PONT = "pont", "Pont"
    FERMETURE = "fermeture", "Fermeture de l'établissement"


class ResourceKind(models.TextChoices):
    """What a bookable resource is, as the indicators group them."""

    SALLE_INFORMATIQUE = "salle_informatique", "Salle informatique"
    SALLE = "salle", "Autre salle (CDI, laboratoire…)"
    CLASSE_MOBILE = "classe_mobile", "Classe mobile / chariot de tablettes"
    MATERIEL = "materiel", "Matériel (caméra, visualiseur…)"


class BookingStatus(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente de validation"
    CONFIRMEE = "confirmee", "Confirmée"
    REFUSEE = "refusee", "Refusée"
    ANNULEE = "annulee", "Annulée"

    @classmethod
    def holding(cls) -> list[str]:
        """Statuses that hold the time slot: a request waiting for approval blocks it too,
        otherwise two colleagues could both be « waiting » for the same Tuesday."""
        return [cls.EN_ATTENTE, cls.CONFIRMEE]


class BorrowerKind(models.TextChoices):
    ELEVE = "eleve", "Élève"
    PERSONNEL = "personnel", "Personnel"


class ReturnCondition(models.TextChoices):
    BON = "bon", "Bon état"
    USURE = "usure", "Usure normale"
    INCOMPLET = "incomplet", "Incomplet (accessoire manquant)"
    ENDOMMAGE = "endommage", "Endommagé"
    HORS_SERVICE = "hors_service", "Hors service"


class LoanState(models.TextChoices):
    """Derived from the dates, used by the loans list filter."""

    EN_COURS = "en_cours", "En cours"
    EN_RETARD = "en_retard", "En retard"
    RENDU = "rendu", "Rendu"
