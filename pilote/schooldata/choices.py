"""Code lists of SIECLE and STS-web, with the labels a school head reads."""

from django.db import models


class Source(models.TextChoices):
    """One kind of export file: each has its own freshness."""

    SIECLE_ELEVES = "siecle_eleves", "SIECLE — élèves"
    SIECLE_RESPONSABLES = "siecle_responsables", "SIECLE — responsables"
    SIECLE_STRUCTURES = "siecle_structures", "SIECLE — structures"
    SIECLE_NOMENCLATURE = "siecle_nomenclature", "SIECLE — nomenclatures"
    STS = "sts", "STS-web — emploi du temps"

    @classmethod
    def siecle(cls) -> list[str]:
        return [cls.SIECLE_ELEVES, cls.SIECLE_RESPONSABLES, cls.SIECLE_STRUCTURES]


class Level(models.TextChoices):
    """Normalised level of a MEF (FORMATS.md §8.1); never guessed from a division's name."""

    SIXIEME = "6e", "6e"
    CINQUIEME = "5e", "5e"
    QUATRIEME = "4e", "4e"
    TROISIEME = "3e", "3e"
    SECONDE = "2nde", "2nde"
    PREMIERE = "1re", "1re"
    TERMINALE = "Tle", "Terminale"
    SECONDE_PRO = "2ndepro", "2nde professionnelle"
    PREMIERE_PRO = "1repro", "1re professionnelle"
    TERMINALE_PRO = "Tlepro", "Terminale professionnelle"
    CAP1 = "cap1", "CAP 1re année"
    CAP2 = "cap2", "CAP 2e année"
    POSTBAC = "postbac", "Post-bac"


class Sex(models.TextChoices):
    MASCULIN = "1", "Masculin"
    FEMININ = "2", "Féminin"


class ResponsibilityLevel(models.TextChoices):
    """SIECLE NIVEAU_RESPONSABILITE (since 30/03/2018)."""

    LEGAL = "1", "Représentant légal"
    EN_CHARGE = "2", "Personne en charge de l'élève"
    CONTACT = "3", "Personne à contacter"


class Relationship(models.TextChoices):
    """SIECLE CODE_PARENTE."""

    MERE = "10", "Mère"
    PERE = "20", "Père"
    FRATRIE = "37", "Fratrie"
    ASCENDANT = "38", "Ascendant"
    AUTRE_FAMILLE = "39", "Autre membre de la famille"
    EDUCATEUR = "41", "Éducateur"
    ASSISTANT_FAMILIAL = "42", "Assistant familial"
    TUTEUR = "50", "Tuteur"
    ASE = "51", "Aide sociale à l'enfance"
    ELEVE = "70", "Élève lui-même"
    AUTRE = "90", "Autre cas"


class StaffType(models.TextChoices):
    EPP = "epp", "Base des personnels (EPP)"
    LOCAL = "local", "Créé par l'établissement"


class StaffFunction(models.TextChoices):
    """STS FONCTION; other codes are kept as they come."""

    ENS = "ENS", "Enseignant"
    DIR = "DIR", "Direction"
    EDU = "EDU", "Éducation (CPE)"
    DOC = "DOC", "Documentation"
    ADF = "ADF", "Administratif"
    SUR = "SUR", "Surveillance"
    MDS = "MDS", "Médico-social"
    LAB = "LAB", "Laboratoire"
    OUV = "OUV", "Ouvrier"
    ORI = "ORI", "Orientation"


class FeedSource(models.TextChoices):
    SIECLE = "siecle", "SIECLE"
    STS = "sts", "STS-web"
    BOTH = "both", "SIECLE et STS-web"


class MatchStatus(models.TextChoices):
    """How a line of another program's export was tied to a SIECLE pupil (matching.py)."""

    MATCHED = "apparie", "Élève reconnu"
    UNMATCHED = "non_apparie", "Aucun élève correspondant"
    AMBIGUOUS = "ambigu", "Plusieurs élèves possibles"
