"""Choice lists of the « Services » module."""

from django.db import models


class ServiceKind(models.TextChoices):
    GESTION = "gestion", "Application de gestion"
    ENT = "ent", "ENT"
    VIE_SCOLAIRE = "vie_scolaire", "Vie scolaire"
    APPRENTISSAGE = "apprentissage", "Plateforme d'apprentissage"
    RESSOURCE = "ressource", "Ressource numérique"
    COLLABORATIF = "collaboratif", "Outil collaboratif"
    SITE_WEB = "site_web", "Site web"
    IDENTITE = "identite", "Identité"
    AUTRE = "autre", "Autre"


class ServiceOrigin(models.TextChoices):
    """The catalogue a service comes from — who offers it to the school."""

    NATIONAL = "national", "National"
    ACADEMIQUE = "academique", "Académique"
    COLLECTIVITE = "collectivite", "Collectivité"
    LOCAL = "local", "Établissement"


class Obligation(models.TextChoices):
    OBLIGATOIRE = "obligatoire", "Obligatoire"
    RECOMMANDE = "recommande", "Recommandé"
    LIBRE = "libre", "Libre"


class Sector(models.TextChoices):
    PUBLIC = "public", "Public"
    PRIVE = "prive", "Privé"


class GarListing(models.TextChoices):
    OUI = "oui", "Oui"
    NON = "non", "Non"
    SANS_OBJET = "sans_objet", "Sans objet"


class Authentication(models.TextChoices):
    EDUCONNECT = "educonnect", "ÉduConnect"
    GUICHET_AGENTS = "guichet_agents", "Guichet agents / ARENA"
    SSO_ENT = "sso_ent", "SSO de l'ENT"
    GUICHET_COLLECTIVITE = "guichet_collectivite", "Guichet de la collectivité"
    COMPTE_LOCAL = "compte_local", "Compte propre au service"
    AUCUNE = "aucune", "Aucune"


class SupportContact(models.TextChoices):
    ASSISTANCE_ACADEMIQUE = "assistance_academique", "Assistance académique"
    CENTRE_SERVICES_COLLECTIVITE = (
        "centre_services_collectivite",
        "Centre de services de la collectivité",
    )
    EDITEUR = "editeur", "Éditeur"
    REFERENT_ETABLISSEMENT = "referent_etablissement", "Référent de l'établissement"


class Hosting(models.TextChoices):
    ETAT = "etat", "Ministère ou académie"
    COLLECTIVITE = "collectivite", "Collectivité"
    PRESTATAIRE_UE = "prestataire_ue", "Prestataire, dans l'Union européenne"
    PRESTATAIRE_HORS_UE = "prestataire_hors_ue", "Prestataire, hors de l'Union européenne"
    ETABLISSEMENT = "etablissement", "Établissement"
    INCONNU = "inconnu", "Inconnu"


class LegalBasis(models.TextChoices):
    """RGPD art. 6 legal bases."""

    OBLIGATION_LEGALE = "obligation_legale", "Obligation légale (art. 6-1-c)"
    MISSION_PUBLIQUE = "mission_publique", "Mission d'intérêt public (art. 6-1-e)"
    CONSENTEMENT = "consentement", "Consentement (art. 6-1-a)"
    CONTRAT = "contrat", "Contrat (art. 6-1-b)"
    INTERET_VITAL = "interet_vital", "Intérêts vitaux (art. 6-1-d)"
    INTERET_LEGITIME = "interet_legitime", "Intérêt légitime (art. 6-1-f)"


class SchoolLevel(models.TextChoices):
    COLLEGE = "college", "Collèges"
    LYCEE = "lycee", "Lycées"


class SchoolServiceStatus(models.TextChoices):
    EN_SERVICE = "en_service", "En service"
    ESSAI = "essai", "À l'essai"
    RETIRE = "retire", "Retiré"


class RequestKind(models.TextChoices):
    APPLICATION = "application", "Application hors catalogue GAR"
    EQUIPEMENT = "equipement", "Équipement hors dotation"


class RequestStatus(models.TextChoices):
    """Steps of a validation request, in order."""

    DEMANDEE = "demandee", "Demandée (attend le chef d'établissement)"
    SOUMISE = "soumise", "Soumise (attend les avis)"
    AVIS_RENDUS = "avis_rendus", "Avis rendus (attend la décision)"
    APPROUVEE = "approuvee", "Approuvée"
    REFUSEE = "refusee", "Refusée"
    NON_TRANSMISE = "non_transmise", "Non transmise par le chef d'établissement"

    @classmethod
    def pending(cls) -> list[str]:
        return [cls.DEMANDEE, cls.SOUMISE, cls.AVIS_RENDUS]


class Authority(models.TextChoices):
    """Who gives an opinion on a validation request."""

    ACADEMIE = "academie", "RSSI de l'académie"
    COLLECTIVITE = "collectivite", "Gestionnaire de la collectivité"


class Verdict(models.TextChoices):
    FAVORABLE = "favorable", "Favorable"
    RESERVES = "reserves", "Favorable avec réserves"
    DEFAVORABLE = "defavorable", "Défavorable"
