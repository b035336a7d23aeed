"""Choice lists of the « Continuité » module."""

from django.db import models


class PlanStatus(models.TextChoices):
    """The plan's steps in the order a school goes through them each year."""

    BROUILLON = "brouillon", "Brouillon"
    VALIDE = "valide", "Validé par le chef d'établissement"
    PRESENTE_CA = "presente_ca", "Présenté au conseil d'administration"
    COMMUNIQUE = "communique", "Communiqué aux familles"


class ScenarioKind(models.TextChoices):
    FERMETURE_TOTALE = "fermeture_totale", "Fermeture de tout l'établissement"
    FERMETURE_PARTIELLE = "fermeture_partielle", "Fermeture de divisions ou de niveaux"
    ACCES_RESTREINT = "acces_restreint", "Accès restreint (demi-groupes)"
    PANNE = "panne", "Panne majeure de l'ENT ou du réseau"


class ToolUse(models.TextChoices):
    """What a tool of the plan is for (one use may have several tools)."""

    COMMUNICATION = "communication", "Communiquer avec les élèves et les familles"
    COURS = "cours", "Cours, devoirs et ressources"
    CLASSE_VIRTUELLE = "classe_virtuelle", "Classe virtuelle"
    VIE_SCOLAIRE = "vie_scolaire", "Vie scolaire et cahier de textes"
    EVALUATION = "evaluation", "Évaluation"
    AUTRE = "autre", "Autre usage"


class Light(models.TextChoices):
    """A readiness item's state: green, amber, red, or not measurable yet."""

    VERT = "vert", "Prêt"
    ORANGE = "orange", "À améliorer"
    ROUGE = "rouge", "À traiter"
    INCONNU = "inconnu", "Non mesuré"
