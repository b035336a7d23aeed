"""Code lists of the « Usages » module."""

from django.db import models


class Profile(models.TextChoices):
    """ENT profiles (FORMATS.md §5.1 « Type ») with ÉduConnect's two profiles folded in."""

    ELEVE = "eleve", "Élève"
    PARENT = "parent", "Responsable"
    ENSEIGNANT = "enseignant", "Enseignant"
    PERSONNEL = "personnel", "Personnel"
    INVITE = "invite", "Invité"
    AUTRE = "autre", "Autre"


class AccountSource(models.TextChoices):
    ENT = "ent", "ENT"
    EDUCONNECT = "educonnect", "ÉduConnect"


class StatKind(models.TextChoices):
    """The four « Statistiques » exports of the ENT (FORMATS.md §5.2)."""

    COMPTES = "comptes", "Connexions et comptes"
    SUPPORT = "support", "Connexions par support"
    APPLICATION = "application", "Accès aux applications"
    CONNECTEUR = "connecteur", "Accès aux connecteurs (GAR…)"


class StatSource(models.TextChoices):
    ENT_STATS = "ent_stats", "Statistiques de l'ENT"
    CONNEXIONS = "connexions", "Journal de connexions"


class CaseReason(models.TextChoices):
    """Why a pupil or a family appears among the « publics éloignés du numérique »."""

    COMPTE_NON_ACTIVE = "compte_non_active", "Compte élève non activé"
    SANS_CONNEXION = "sans_connexion", "Élève sans connexion récente"
    FAMILLE_SANS_COMPTE = "famille_sans_compte", "Aucun responsable avec un compte activé"


class FollowUpStatus(models.TextChoices):
    A_CONTACTER = "a_contacter", "À contacter"
    CONTACTE = "contacte", "Contacté"
    ACCOMPAGNE = "accompagne", "Accompagné"
    RESOLU = "resolu", "Résolu"

    @classmethod
    def in_progress(cls) -> list[str]:
        return [cls.CONTACTE, cls.ACCOMPAGNE]


class EduConnectField(models.TextChoices):
    """Columns the ÉduConnect column picker asks for (no public format: FORMATS.md §4)."""

    IDENTIFIANT = "identifiant", "Identifiant"
    NOM = "nom", "Nom"
    PRENOM = "prenom", "Prénom"
    CLASSE = "classe", "Classe"
    PROFIL = "profil", "Profil (élève / responsable)"
    ETAT = "etat", "État du compte"

    @classmethod
    def required(cls) -> list[str]:
        return [cls.NOM, cls.PRENOM, cls.PROFIL, cls.ETAT]
