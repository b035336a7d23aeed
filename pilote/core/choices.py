"""Choice lists shared by every module of Pilote."""

from django.db import models


class SchoolType(models.TextChoices):
    COLLEGE = "college", "Collège"
    LGT = "lgt", "Lycée général et technologique"
    LP = "lp", "Lycée professionnel"
    LPO = "lpo", "Lycée polyvalent"
    EREA = "erea", "EREA"

    @classmethod
    def lycee_types(cls) -> set[str]:
        return {cls.LGT, cls.LP, cls.LPO}


class CollectiviteKind(models.TextChoices):
    DEPARTEMENT = "departement", "Département"
    REGION = "region", "Région"


class Role(models.TextChoices):
    CHEF = "chef", "Chef d'établissement"
    ADJOINT = "adjoint", "Adjoint"
    SECRETAIRE_GENERAL = "sg", "Secrétaire général"
    RRUPN = "rrupn", "RRUPN"
    DDFPT = "ddfpt", "DDFPT"
    CPE = "cpe", "CPE"
    ENSEIGNANT = "enseignant", "Enseignant"
    DOCUMENTALISTE = "documentaliste", "Professeur documentaliste"
    TECHNICIEN_COLLECTIVITE = "tech_collectivite", "Technicien de la collectivité"
    GESTIONNAIRE_COLLECTIVITE = "gest_collectivite", "Gestionnaire de la collectivité"
    DRANE = "drane", "DRANE"
    RSSI = "rssi", "RSSI académique"
    ASSISTANCE_ACADEMIQUE = "assistance_academique", "Assistance académique"
    DPD = "dpd", "Délégué à la protection des données (DPD)"
    ADMINISTRATEUR = "admin", "Administrateur"


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", "Établissement"
    COLLECTIVITE = "collectivite", "Collectivité"
    ACADEMIE = "academie", "Académie"


class Domain(models.TextChoices):
    """The modules of Pilote, as capability scopes and cockpit groups."""

    ETABLISSEMENT = "etablissement", "Établissement et membres"
    JOURNAL = "journal", "Journal de sécurité"
    PILOTAGE = "pilotage", "Pilotage"
    PROJET = "projet", "Projet numérique et plan d'actions"
    PARC = "parc", "Parc"
    SERVICES = "services", "Services"
    DONNEES = "donnees", "Données"
    PERSONNES = "personnes", "Données personnelles des élèves et familles"
    USAGES = "usages", "Usages"
    RESERVATIONS = "reservations", "Réservations"
    COMPETENCES = "competences", "Compétences"
    SECURITE = "securite", "Sécurité"
    MISSIONS = "missions", "Missions"
    ASSISTANCE = "assistance", "Assistance"
    CONTINUITE = "continuite", "Continuité"
    COMMISSION = "commission", "Commission numérique"
    # The académie's DPD pages (registers, incidents with personal data, exports journal).
    RGPD = "rgpd", "Protection des données (DPD)"


class Level(models.IntegerChoices):
    NONE = 0, "Aucun accès"
    VIEW = 1, "Consulter"
    EDIT = 2, "Modifier"
    MANAGE = 3, "Administrer"


class JournalAction(models.TextChoices):
    """Security events. The field stores the code; modules may add codes here."""

    LOGIN = "login", "Connexion"
    LOGIN_FAILED = "login_failed", "Échec de connexion"
    LOGOUT = "logout", "Déconnexion"
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled", "Second facteur configuré"
    SECOND_FACTOR_FAILED = "second_factor_failed", "Code de second facteur refusé"
    RECOVERY_CODE_USED = "recovery_code_used", "Code de secours utilisé"
    MEMBERSHIP_ADDED = "membership_added", "Membre ajouté"
    ROLE_CHANGED = "role_changed", "Rôle modifié"
    MEMBERSHIP_ENDED = "membership_ended", "Fin d'appartenance"
    IMPORT_APPLIED = "import_applied", "Import appliqué"
    IMPORT_REVERTED = "import_reverted", "Import annulé après application"
    IMPORT_REFUSED = "import_refused", "Import refusé"
    PERSONAL_DATA_EXPORT = "personal_data_export", "Export de données personnelles"
    MAIL_RESENT = "mail_resent", "Courriel renvoyé"
    PERMISSION_DENIED = "permission_denied", "Accès refusé"
    DATA_PURGED = "data_purged", "Purge des données échues"
    ADMIN_CHANGE = "admin_change", "Modification dans l'administration"
    PERSONAL_DATA_READ = "personal_data_read", "Lecture de données personnelles (API)"
    DOCUMENT_DOWNLOADED = "document_downloaded", "Document téléchargé"
    PASSWORD_RESET_REQUESTED = "password_reset_requested", "Demande de nouveau mot de passe"
    PASSWORD_CHANGED = "password_changed", "Mot de passe changé"
    SESSIONS_ENDED = "sessions_ended", "Autres sessions fermées"
    SECURITY_INCIDENT_RECORDED = "security_incident_recorded", "Incident de sécurité enregistré"
    SECURITY_INCIDENT_REPORTED = "security_incident_reported", "Incident signalé à l'académie"
    SECURITY_INCIDENT_CLOSED = "security_incident_closed", "Incident de sécurité clos"
    ACCESS_REVIEW_SAVED = "access_review_saved", "Revue des accès enregistrée"
    ACCESS_RIGHT_REMOVED = "access_right_removed", "Droit d'administration retiré"
    # Réservations: secret calendar addresses readable without logging in.
    CALENDAR_FEED_CREATED = "calendar_feed_created", "Lien d'agenda créé"
    CALENDAR_FEED_REVOKED = "calendar_feed_revoked", "Lien d'agenda révoqué"
    # Services: validation of applications and equipment outside the national offer.
    VALIDATION_REQUESTED = "validation_requested", "Demande de validation déposée"
    VALIDATION_SUBMITTED = "validation_submitted", "Demande de validation soumise"
    VALIDATION_DECLINED = "validation_declined", "Demande de validation non transmise"
    VALIDATION_OPINION = "validation_opinion", "Avis sur une demande de validation"
    VALIDATION_DECIDED = "validation_decided", "Décision sur une demande de validation"
    # Continuité: the plan put into effect for a real closure, then closed.
    CONTINUITY_ACTIVATED = "continuity_activated", "Plan de continuité activé"
    CONTINUITY_CLOSED = "continuity_closed", "Activation du plan de continuité close"
