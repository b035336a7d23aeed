"""Choice lists of the commission numérique."""

from django.db import models


class CommissionRole(models.TextChoices):
    PRESIDENT = "president", "Président (chef d'établissement)"
    ADJOINT = "adjoint", "Adjoint"
    RRUPN = "rrupn", "RRUPN"
    SG = "sg", "Secrétaire général"
    DDFPT = "ddfpt", "DDFPT"
    CPE = "cpe", "CPE"
    ENSEIGNANT = "enseignant", "Enseignant"
    DOCUMENTALISTE = "documentaliste", "Professeur documentaliste"
    COLLECTIVITE = "collectivite", "Représentant de la collectivité"
    INVITE = "invite", "Personne invitée"
    AUTRE = "autre", "Autre membre"


class MemberKind(models.TextChoices):
    SCHOOL = "etablissement", "Personne de l'établissement"
    COLLECTIVITE = "collectivite", "Compte de la collectivité"
    GUEST = "invite", "Invité (sans compte)"


class MeetingStatus(models.TextChoices):
    DRAFT = "preparation", "En préparation"
    CONVENED = "convoquee", "Convoquée"
    HELD = "tenue", "Tenue"
    CANCELLED = "annulee", "Annulée"


class ItemKind(models.TextChoices):
    INDICATORS = "indicateurs", "Indicateurs"
    OBJECTIVES = "objectifs", "Objectifs du volet numérique"
    ACTIONS = "actions", "Plan d'actions"
    DECISIONS = "decisions", "Suite des décisions précédentes"
    SECURITY = "securite", "Sécurité"
    VALIDATIONS = "validations", "Demandes de validation"
    ASSISTANCE = "assistance", "Assistance"
    EQUIPMENT = "parc", "Parc"
    BOOKINGS = "reservations", "Réservations et prêts"
    SKILLS = "pix", "Compétences numériques (Pix)"
    ENT = "ent", "Usages de l'ENT"
    FREE = "libre", "Point libre"


class MinutesStatus(models.TextChoices):
    DRAFT = "brouillon", "En rédaction"
    APPROVED = "approuve", "Approuvé"
    REPLACED = "remplace", "Remplacé par une version corrigée"
