"""Indicators of « Données »: how fresh SIECLE and STS-web are, and the anomalies behind them.

All of them come from :func:`pilote.schooldata.quality.measure`, a few grouped queries for any
number of schools. An anomaly whose source was never imported is « non évalué ».
"""

from pilote.core.choices import Domain
from pilote.core.metrics import Indicator, Unit, register

from .quality import DEFAULT_FRESHNESS_DAYS, measure

D = Domain.DONNEES
QUALITY = "schooldata:index"


def _count(code: str, label: str, description: str, **kwargs) -> Indicator:
    return Indicator(
        code=code,
        label=label,
        domain=D,
        unit=Unit.COUNT,
        description=description,
        detail_url_name=QUALITY,
        **kwargs,
    )


def _anomaly(code: str, label: str, description: str) -> Indicator:
    return _count(code, label, description, watch=0, alert=10, higher_is_better=False)


def _freshness(code: str, label: str, source: str) -> Indicator:
    return Indicator(
        code=code,
        label=label,
        domain=D,
        unit=Unit.DAYS,
        description=f"Jours écoulés depuis l'export {source} le plus récent importé dans Pilote. "
        f"Au-delà de {DEFAULT_FRESHNESS_DAYS} jours pendant l'année, les comptes ENT, le GAR et "
        "la vie scolaire risquent de travailler sur des listes périmées.",
        watch=DEFAULT_FRESHNESS_DAYS,
        alert=2 * DEFAULT_FRESHNESS_DAYS,
        higher_is_better=False,
        detail_url_name=QUALITY,
    )


@register(
    _freshness("donnees.fraicheur_siecle", "Fraîcheur des données SIECLE", "SIECLE"),
    _freshness("donnees.fraicheur_sts", "Fraîcheur des données STS-web", "STS-web"),
    _anomaly(
        "donnees.anomalies",
        "Anomalies à corriger à la source",
        "Nombre d'enregistrements concernés par une anomalie (élève sans division, INE en "
        "double, division sans service…), toutes anomalies confondues ; le détail dit quoi "
        "corriger dans SIECLE ou STS-web.",
    ),
    _count(
        "eleves.actifs",
        "Élèves présents",
        "Élèves de SIECLE sans date de sortie et affectés dans une division réelle (la "
        "pseudo-division « Inactifs » n'en est pas une) : ceux que comptent tous les modules.",
    ),
    _count(
        "eleves.sortis",
        "Élèves sortis",
        "Élèves ayant une date de sortie ou absents du dernier export : gardés pour "
        "l'historique, comptés nulle part.",
    ),
    _anomaly(
        "eleves.sans_division",
        "Élèves sans division",
        "Élèves sans date de sortie mais sans division réelle (« Inactifs » ou non affectés) : "
        "comptés nulle part tant qu'ils ne sont pas affectés dans SIECLE.",
    ),
    _anomaly("eleves.sans_ine", "Élèves sans INE", "Élèves présents dont l'INE est vide."),
    _anomaly(
        "eleves.ine_en_double",
        "Élèves partageant un INE",
        "Élèves présents dont l'INE est aussi celui d'un autre élève.",
    ),
    _anomaly(
        "eleves.sans_responsable_legal",
        "Élèves sans représentant légal",
        "Élèves présents sans aucun responsable de niveau « représentant légal ».",
    ),
    _count(
        "responsables.total",
        "Responsables",
        "Personnes distinctes (PERSONNE_ID) liées aux élèves : une famille de plusieurs "
        "enfants compte une fois.",
    ),
    _count(
        "divisions.total", "Divisions", "Divisions (hors groupes et hors pseudo-division Inactifs)."
    ),
    _anomaly("divisions.sans_eleve", "Divisions sans élève", "Divisions sans élève présent."),
    _anomaly(
        "divisions.sans_service",
        "Divisions sans service",
        "Divisions sans aucun service d'enseignement dans STS-web.",
    ),
    _count("personnels.total", "Personnels", "Personnels présents dans l'export STS-web."),
    _anomaly(
        "enseignants.sans_service",
        "Enseignants sans service",
        "Enseignants de STS-web à qui aucun service n'est attribué.",
    ),
)
def data_indicators(schools):
    return measure(schools)
