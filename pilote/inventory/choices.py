"""Choice lists of the Parc: rooms, equipment and the socle numérique.

The codes are shared with the other modules (réservations, sécurité, missions): never rename
a code, only add new ones.
"""

from django.db import models


class RoomKind(models.TextChoices):
    SALLE_CLASSE = "salle_classe", "Salle de classe"
    SALLE_INFORMATIQUE = "salle_informatique", "Salle informatique"
    CDI = "cdi", "CDI"
    LABORATOIRE = "laboratoire", "Laboratoire"
    ATELIER = "atelier", "Atelier"
    VIE_SCOLAIRE = "vie_scolaire", "Vie scolaire"
    ADMINISTRATION = "administration", "Administration"
    SALLE_PROFESSEURS = "salle_professeurs", "Salle des professeurs"
    LOCAL_TECHNIQUE = "local_technique", "Local technique"
    AUTRE = "autre", "Autre"


class Coverage(models.TextChoices):
    """Network coverage of a room: a partial coverage does not meet a « every room » rule."""

    OUI = "oui", "Oui"
    PARTIEL = "partiel", "Partielle"
    NON = "non", "Non"


class Category(models.TextChoices):
    POSTE_FIXE = "poste_fixe", "Poste fixe"
    PORTABLE = "portable", "Ordinateur portable"
    TABLETTE = "tablette", "Tablette"
    ECRAN_INTERACTIF = "ecran_interactif", "Écran numérique interactif / TNI / VPI"
    VIDEOPROJECTEUR = "videoprojecteur", "Vidéoprojecteur"
    VISUALISEUR = "visualiseur", "Visualiseur"
    IMPRIMANTE = "imprimante", "Imprimante / copieur"
    BORNE_WIFI = "borne_wifi", "Borne wifi"
    COMMUTATEUR = "commutateur", "Commutateur"
    SERVEUR = "serveur", "Serveur"
    PARE_FEU = "pare_feu", "Pare-feu / routeur"
    CLASSE_MOBILE = "classe_mobile", "Classe mobile"
    SONORISATION = "sonorisation", "Sonorisation"
    AUTRE = "autre", "Autre"

    @classmethod
    def computers(cls) -> list[str]:
        """Devices counted in « postes pour 100 élèves » (fixed and mobile)."""
        return [cls.POSTE_FIXE, cls.PORTABLE, cls.TABLETTE]

    @classmethod
    def displays(cls) -> list[str]:
        """Collective display devices of a classroom."""
        return [cls.ECRAN_INTERACTIF, cls.VIDEOPROJECTEUR]

    @classmethod
    def renewed(cls) -> list[str]:
        """Devices whose age is watched: « au-delà de leur durée de vie » counts these, on the
        dashboard and in the socle's rule alike (one definition, one value — issue #20)."""
        return [*cls.computers(), cls.VIDEOPROJECTEUR, cls.ECRAN_INTERACTIF]


# Expected lifetime in years when the person does not give one. The issue fixes 5 years for
# computers and tablets and 7 for interactive screens; the other values are Pilote's editable
# defaults (usual depreciation periods), not official figures.
DEFAULT_LIFETIME_YEARS: dict[str, int] = {
    Category.POSTE_FIXE: 5,
    Category.PORTABLE: 5,
    Category.TABLETTE: 5,
    Category.ECRAN_INTERACTIF: 7,
    Category.VIDEOPROJECTEUR: 7,
    Category.VISUALISEUR: 5,
    Category.IMPRIMANTE: 5,
    Category.BORNE_WIFI: 7,
    Category.COMMUTATEUR: 8,
    Category.SERVEUR: 5,
    Category.PARE_FEU: 5,
    Category.CLASSE_MOBILE: 5,
    Category.SONORISATION: 8,
    Category.AUTRE: 5,
}
MAX_LIFETIME_YEARS = 20


class EquipmentDomain(models.TextChoices):
    PEDAGOGIQUE = "pedagogique", "Pédagogique"
    ADMINISTRATIF = "administratif", "Administratif"


class Origin(models.TextChoices):
    NATIONAL = "national", "Offre nationale"
    COLLECTIVITE = "collectivite", "Offre de la collectivité"
    LOCAL = "local", "Acquisition locale"


class Maintainer(models.TextChoices):
    COLLECTIVITE = "collectivite", "Collectivité"
    RECTORAT = "rectorat", "Rectorat"
    DRANE = "drane", "DRANE"
    ETABLISSEMENT = "etablissement", "Établissement"
    PRESTATAIRE = "prestataire", "Prestataire"


class EquipmentStatus(models.TextChoices):
    EN_SERVICE = "en_service", "En service"
    EN_PANNE = "en_panne", "En panne"
    EN_REPARATION = "en_reparation", "En réparation"
    EN_STOCK = "en_stock", "En stock"
    REFORME = "reforme", "Réformé"

    @classmethod
    def out_of_service(cls) -> list[str]:
        return [cls.EN_PANNE, cls.EN_REPARATION]

    @classmethod
    def in_fleet(cls) -> list[str]:
        """Devices the school uses or should be able to use: not in stock, not reformed."""
        return [cls.EN_SERVICE, cls.EN_PANNE, cls.EN_REPARATION]


class AgeBand(models.TextChoices):
    MOINS_2 = "0-1", "Moins de 2 ans"
    DE_2_A_4 = "2-4", "De 2 à 4 ans"
    DE_5_A_7 = "5-7", "De 5 à 7 ans"
    PLUS_8 = "8+", "8 ans et plus"
    INCONNU = "inconnu", "Date d'acquisition inconnue"


class SocleVariant(models.TextChoices):
    COLLEGE = "college", "Collège"
    LYCEE = "lycee", "Lycée"


class SocleAction(models.TextChoices):
    """What a collectivité does to one item of the national socle for its schools."""

    SEUIL = "seuil", "Changer le seuil"
    RETRAIT = "retrait", "Retirer l'élément"
    AJOUT = "ajout", "Ajouter un élément"


class SocleDomain(models.TextChoices):
    INFRASTRUCTURE = "infrastructure", "Infrastructure"
    SALLES_DE_CLASSE = "salles_de_classe", "Salles de classe"
    EQUIPEMENTS_MOBILES = "equipements_mobiles", "Équipements mobiles"
    SALLES_SPECIALISEES = "salles_specialisees", "Salles spécialisées"
    SERVICES = "services", "Services"
    MAINTENANCE = "maintenance", "Maintenance"


class SocleLevel(models.TextChoices):
    SOCLE = "socle", "Socle"
    RECOMMANDE = "recommande", "Recommandé"


class RuleKind(models.TextChoices):
    ROOM_DEVICES = "equipement_par_salle", "Chaque salle d'un type a au moins N appareils"
    PER_100_PUPILS = "pour_100_eleves", "Au moins N appareils pour 100 élèves"
    ROOM_NETWORK = "reseau_par_salle", "Chaque salle d'un type est couverte par le réseau"
    SERVICE_IN_USE = "service_en_usage", "Un service d'un type est en usage"
    DEVICES_PRESENT = "appareils_presents", "Au moins N appareils de certaines catégories"
    MAINTAINED_BY = "maintenance_par", "Les appareils sont maintenus par certains services"
    BEYOND_LIFETIME_MAX = "hors_duree_max", "Au plus N % d'appareils au-delà de leur durée de vie"
