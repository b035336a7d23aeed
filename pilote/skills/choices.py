"""Code lists of the « Compétences » module (Pix campaigns, certification, Pix+ Édu)."""

from django.db import models

from pilote.schooldata.choices import MatchStatus  # noqa: F401 — one matcher, in schooldata


class CampaignKind(models.TextChoices):
    EVALUATION = "evaluation", "Campagne d'évaluation"
    PROFILES = "collecte_profils", "Collecte de profils"


class CertificationStatus(models.TextChoices):
    """``Statut`` of the certification results CSV (FORMATS.md §3.4)."""

    VALIDATED = "validee", "Validée"
    REJECTED = "rejetee", "Rejetée"
    CANCELLED = "annulee", "Annulée"
    ERROR = "en_erreur", "En erreur"
    STARTED = "demarree", "Démarrée"

    @classmethod
    def sat(cls) -> list[str]:
        """A candidate who sat the test, whatever its outcome (a cancelled one did not)."""
        return [cls.VALIDATED, cls.REJECTED, cls.ERROR, cls.STARTED]


class PixEduPath(models.TextChoices):
    INITIAL = "formation_initiale", "Formation initiale"
    CONTINUING = "formation_continue", "Formation continue"


class PixEduLevel(models.TextChoices):
    INITIE = "initie", "Initié (entrée dans le métier)"
    CONFIRME = "confirme", "Confirmé"
    AVANCE = "avance", "Avancé"
    EXPERT = "expert", "Expert"


class PixEduStatus(models.TextChoices):
    NOT_ENGAGED = "non_engage", "Pas engagé"
    IN_PROGRESS = "en_cours", "Parcours en cours"
    ADMISSIBLE = "admissible", "Admissible (test Pix réussi)"
    CERTIFIED = "certifie", "Certifié"

    @classmethod
    def engaged(cls) -> list[str]:
        return [cls.IN_PROGRESS, cls.ADMISSIBLE, cls.CERTIFIED]
