"""Who answers a request, and why: the rule of the source text, written once.

* Equipment, network and infrastructure maintained by the collectivité → its service centre.
* National applications and digital identities (ÉduConnect, ARENA accounts) → the académie's
  assistance.
* Local services and equipment the school maintains itself → the holder of the matching
  mission (the head when nobody holds it).

The rule reads the equipment's ``maintainer`` and the service's ``support_contact``; its
result carries a sentence in plain French that is stored on the request and shown to everyone.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pilote.core.referentials import load
from pilote.missions.models import Mission

from .choices import AccountKind, Recipient, RequestCategory

TARGETS_FILE = Path(__file__).parent / "referentials" / "delais.yaml"

# Without a precise device or service, these go to the collectivité, which owns the building,
# the network and most of the equipment.
COLLECTIVITE_CATEGORIES = {
    RequestCategory.RESEAU,
    RequestCategory.SALLE,
    RequestCategory.EQUIPEMENT,
}

# Devices lent and carried around: the booking-and-maintenance mission looks after them.
MOBILE_CATEGORIES = {"portable", "tablette", "classe_mobile"}

# The mission that answers for a service of each kind when the school runs it itself.
MISSION_FOR_SERVICE_KIND = {
    "ent": "ent_admin",
    "vie_scolaire": "ent_admin",
    "site_web": "site_web",
    "ressource": "gar_affectation",
    "apprentissage": "moodle_elea",
    "identite": "educonnect_admin",
    "gestion": "siecle_sts",
}

MAINTAINER_LABELS = {
    "rectorat": "le rectorat",
    "drane": "la DRANE",
    "prestataire": "un prestataire sous contrat avec l'établissement",
    "etablissement": "l'établissement",
}


@dataclass(frozen=True)
class Routing:
    recipient: str
    reason: str
    mission_code: str = ""


@cache
def target_days() -> dict[str, int]:
    data = load("support", TARGETS_FILE.name)
    targets = {category: int(days) for category, days in data["delais"].items()}
    missing = set(RequestCategory.values) - set(targets)
    if missing:
        raise ValueError(f"{TARGETS_FILE.name} : délai manquant pour {sorted(missing)}.")
    return targets


def to_collectivite(reason: str) -> Routing:
    return Routing(Recipient.COLLECTIVITE, reason)


def to_academie(reason: str) -> Routing:
    return Routing(Recipient.ACADEMIE, reason)


def to_school(reason: str, mission_code: str = "") -> Routing:
    return Routing(Recipient.ETABLISSEMENT, reason, mission_code)


def route_equipment(equipment) -> Routing:
    maintainer = equipment.maintainer
    if maintainer == "collectivite":
        return to_collectivite(
            f"L'équipement « {equipment} » est maintenu par la collectivité : son centre de "
            "services prend en charge la demande."
        )
    if maintainer in ("rectorat", "drane"):
        return to_academie(
            f"L'équipement « {equipment} » est maintenu par {MAINTAINER_LABELS[maintainer]} : "
            "l'assistance académique prend en charge la demande."
        )
    mission = "equipements_mobiles" if equipment.category in MOBILE_CATEGORIES else "parc_local"
    return to_school(
        f"L'équipement « {equipment} » est maintenu par {MAINTAINER_LABELS[maintainer]} : la "
        "demande revient au titulaire de la mission de l'établissement qui s'en occupe.",
        mission,
    )


def route_service(school_service) -> Routing:
    service = school_service.service
    contact = service.support_contact
    if contact == "assistance_academique":
        return to_academie(
            f"« {service} » a pour assistance l'assistance académique (application nationale "
            "ou académique)."
        )
    if contact == "centre_services_collectivite":
        return to_collectivite(
            f"« {service} » est fourni par la collectivité : son centre de services prend en "
            "charge la demande."
        )
    mission = MISSION_FOR_SERVICE_KIND.get(service.kind, "")
    who = "l'éditeur" if contact == "editeur" else "le référent de l'établissement"
    return to_school(
        f"« {service} » est un service de l'établissement dont l'assistance passe par {who} : "
        "la demande revient au titulaire de la mission correspondante.",
        mission,
    )


def route_account(account_kind: str, school_service=None) -> Routing:
    if account_kind == AccountKind.EDUCONNECT:
        return to_academie(
            "Les comptes ÉduConnect sont des identités numériques nationales : l'assistance "
            "académique en répond quand l'établissement ne peut pas les débloquer."
        )
    if account_kind == AccountKind.AGENT:
        return to_academie(
            "Les comptes académiques des personnels (ARENA, messagerie) sont gérés par "
            "l'assistance académique."
        )
    if school_service is not None:
        return route_service(school_service)
    if account_kind == AccountKind.ENT:
        return to_school(
            "Les comptes de l'ENT sont administrés dans l'établissement par délégation du chef "
            "d'établissement.",
            "ent_admin",
        )
    return to_school("Ce compte relève d'un service propre à l'établissement.")


def route(*, category, equipment=None, room=None, school_service=None, account_kind="") -> Routing:
    """Decide the recipient of a request from what it is about (the most precise thing first)."""
    if category == RequestCategory.COMPTE:
        return route_account(account_kind, school_service)
    if equipment is not None:
        return route_equipment(equipment)
    if school_service is not None:
        return route_service(school_service)
    if category in COLLECTIVITE_CATEGORIES or room is not None:
        return to_collectivite(
            "Le réseau, l'infrastructure et l'équipement des salles relèvent de la collectivité, "
            "propriétaire des locaux et de la plupart des matériels : son centre de services "
            "prend en charge la demande."
        )
    return to_school(
        "Aucun équipement ni service précis n'est désigné : la demande est examinée dans "
        "l'établissement."
    )


def mission_for(school, code: str) -> Mission | None:
    if not code:
        return None
    return Mission.objects.available_to(school).filter(code=code).first()
