"""Choice lists of the security module (incidents, measures, access review, charter)."""

from django.db import models


class IncidentCategory(models.TextChoices):
    COMPROMISED_ACCOUNT = "compte_compromis", "Compte compromis"
    PHISHING = "hameconnage", "Hameçonnage"
    MALWARE = "logiciel_malveillant", "Logiciel malveillant / rançongiciel"
    LOSS_OR_THEFT = "perte_vol", "Perte ou vol de matériel"
    DATA_LEAK = "fuite_donnees", "Fuite de données personnelles"
    SERVICE_OUTAGE = "indisponibilite", "Indisponibilité d'un service"
    ILLEGAL_CONTENT = "contenu_illicite", "Contenu illicite ou harcèlement"
    INTRUSION = "intrusion", "Intrusion"
    OTHER = "autre", "Autre"


class Impact(models.IntegerChoices):
    """Impact of an incident on one of the four DICT notions."""

    NONE = 0, "Aucun"
    LOW = 1, "Faible"
    SIGNIFICANT = 2, "Significatif"
    SEVERE = 3, "Grave"


class Severity(models.IntegerChoices):
    """Computed from the four DICT impacts (see ``Incident.severity_from_impacts``)."""

    MINOR = 0, "Mineure"
    MODERATE = 1, "Modérée"
    SERIOUS = 2, "Grave"
    CRITICAL = 3, "Critique"


class IncidentStatus(models.TextChoices):
    OPEN = "ouvert", "Ouvert"
    REPORTED = "signale", "Signalé à l'académie"
    IN_PROGRESS = "en_traitement", "En traitement"
    CLOSED = "clos", "Clos"


class EventKind(models.TextChoices):
    """Kinds of timeline entries. The timeline is append-only: a correction is a new entry."""

    CREATED = "creation", "Enregistrement"
    OBSERVATION = "constat", "Constat"
    ACTION = "action", "Mesure prise"
    QUALIFICATION = "qualification", "Qualification modifiée"
    STATUS = "statut", "Changement de statut"
    REPORT = "signalement", "Signalement à l'académie"
    COMMENT = "commentaire", "Commentaire de l'académie"
    REQUEST = "demande", "Demande de compléments"
    ANSWER = "complement", "Compléments apportés"
    CORRECTION = "correction", "Correction"


# Entries a person adds by hand; the others are written by the application itself.
SCHOOL_EVENT_KINDS = [EventKind.OBSERVATION, EventKind.ACTION, EventKind.ANSWER]
ACADEMIE_EVENT_KINDS = [EventKind.COMMENT, EventKind.REQUEST]


class Notion(models.TextChoices):
    """The four security notions the head answers for (REFERENTIALS.md §3.4)."""

    D = "D", "Disponibilité"
    I = "I", "Intégrité"  # noqa: E741 — the letter is the notion's usual name
    C = "C", "Confidentialité"
    T = "T", "Traçabilité"


class MeasureSource(models.TextChoices):
    CYBERMALVEILLANCE = "cybermalveillance", "Cybermalveillance.gouv.fr — 10 mesures essentielles"
    ANSSI_RULES = "anssi_regles", "ANSSI — 10 règles d'or préventives"
    ANSSI_HYGIENE = "anssi_hygiene", "ANSSI — Guide d'hygiène informatique"
    ENT = "ent", "Recommandations de sécurité de l'ENT"
    ACADEMIE = "academie", "Mesure ajoutée par l'académie"


class MeasureStatus(models.TextChoices):
    IN_PLACE = "en_place", "En place"
    PARTIAL = "partiel", "Partiel"
    NO = "non", "Non"
    NOT_APPLICABLE = "non_applicable", "Non applicable"


class ReviewDecision(models.TextChoices):
    KEEP = "conserver", "Conserver"
    REMOVE = "retirer", "Retirer"


class RightSource(models.TextChoices):
    PILOTE = "pilote", "Rôle dans Pilote"
    DELEGATION = "delegation", "Délégation"
    REFERENT = "referent", "Référent d'un service"


class Audience(models.TextChoices):
    STAFF = "personnels", "Personnels"
    PUPILS = "eleves", "Élèves"


class ProblemReportStatus(models.TextChoices):
    """Where a member's « Signaler un problème » stands, as they see it."""

    NEW = "nouveau", "Reçu, à examiner par la direction"
    RECORDED = "enregistre", "Enregistré comme incident"
    DISMISSED = "classe", "Examiné, sans suite"
