"""Choice lists of the « Missions » module."""

from decimal import Decimal

from django.db import models

# Circulaire 2015-058 (29 April 2015): the IMP's annual base rate, paid over nine months.
IMP_BASE_EUROS = Decimal("1250")


class MissionGrant(models.TextChoices):
    """What the holder of a mission may do in Pilote because of that mission.

    Grants come on top of the person's role: a teacher who holds the booking mission approves
    bookings without becoming an adjoint. Other modules ask
    ``Delegation.objects.active().holding(school, code)`` for the holders of a mission.
    """

    VALIDER_RESERVATIONS = "reservations.valider", "Valider les réservations d'équipements"
    TRAITER_ASSISTANCE = (
        "assistance.traiter",
        "Traiter les demandes d'assistance qui relèvent de la mission",
    )
    TENIR_PARC = "parc.tenir", "Tenir l'inventaire du parc à jour"
    ADMINISTRER_SERVICE = "services.administrer", "Administrer le service concerné"
    AFFECTER_RESSOURCES = "services.affecter", "Affecter les ressources du GAR"
    ORGANISER_PIX = "competences.pix", "Organiser les campagnes et les sessions Pix"
    IMPORTER_DONNEES = "donnees.importer", "Importer les exports SIECLE et STSweb"
    QUALIFIER_INCIDENTS = "securite.incidents", "Recevoir et qualifier les incidents de sécurité"
    TENIR_REGISTRE = "rgpd.registre", "Tenir le registre des traitements"
    METTRE_A_JOUR_PCP = "continuite.plan", "Mettre à jour le plan de continuité pédagogique"
    SUIVRE_FORMATION = "formation.plan", "Suivre le plan de formation au numérique"


class MissionAxis(models.TextChoices):
    """The four action axes of a référent numérique (DANE de Créteil)."""

    CONSEIL = "conseil", "Conseiller le chef d'établissement"
    ACCOMPAGNEMENT = "accompagnement", "Accompagner les enseignants"
    EQUIPEMENT = "equipement", "Veiller à la disponibilité des équipements"
    SERVICES = "services", "Administrer les services en ligne"


class DelegationRank(models.TextChoices):
    PRINCIPALE = "principale", "Mission principale"
    SECONDAIRE = "secondaire", "Mission secondaire"


class DelegationState(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    A_VENIR = "a_venir", "À venir"
    TERMINEE = "terminee", "Terminée"


class ImpRate(models.TextChoices):
    """The five IMP rates (décret 2015-475, circulaire 2015-058), as multiples of the base."""

    QUART = "0.25", "¼ IMP (312,50 €)"
    DEMI = "0.5", "½ IMP (625 €)"
    UNE = "1", "1 IMP (1 250 €)"
    DEUX = "2", "2 IMP (2 500 €)"
    TROIS = "3", "3 IMP (3 750 €)"

    @classmethod
    def annual_amount(cls, rate: str) -> Decimal:
        return (IMP_BASE_EUROS * Decimal(rate)).quantize(Decimal("0.01"))


class LetterStatus(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    SIGNEE = "signee", "Signée"
