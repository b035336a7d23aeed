"""The missions referential: a versioned YAML file, loaded into the database.

The file is the source; the ``Mission`` rows without a school are its copy in the database, so
that delegations can point at them. :func:`sync_missions` runs after every ``migrate``
(``MissionsConfig``); the school's own missions are never touched.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pilote.core.referentials import load

from .choices import MissionAxis, MissionGrant
from .models import Mission

REFERENTIAL_FILE = Path(__file__).parent / "referentials" / "missions.yaml"


@dataclass(frozen=True)
class Referential:
    version: str
    source: str
    competences: tuple[str, ...]
    missions: tuple[dict, ...]


def check_mission(entry: dict, position: int) -> None:
    """Refuse a malformed entry at load time rather than a half-loaded referential."""
    where = f"{REFERENTIAL_FILE.name}, mission n° {position}"
    for key in ("code", "label", "description", "axis"):
        if not entry.get(key):
            raise ValueError(f"{where} : la clé « {key} » manque.")
    if entry["axis"] not in MissionAxis.values:
        raise ValueError(f"{where} : axe inconnu « {entry['axis']} ».")
    unknown = set(entry.get("grants", [])) - set(MissionGrant.values)
    if unknown:
        raise ValueError(f"{where} : droits inconnus {sorted(unknown)}.")


@cache
def load_referential() -> Referential:
    data = load("missions", REFERENTIAL_FILE.name)
    missions = data["missions"]
    for position, entry in enumerate(missions, start=1):
        check_mission(entry, position)
    codes = [entry["code"] for entry in missions]
    if len(codes) != len(set(codes)):
        raise ValueError(f"{REFERENTIAL_FILE.name} : un code de mission apparaît deux fois.")
    return Referential(
        version=str(data["version"]),
        source=data.get("source", ""),
        competences=tuple(data["competences"]),
        missions=tuple(missions),
    )


def sync_missions() -> int:
    """Upsert the referential's missions; missions dropped from the file become inactive.

    Returns the number of missions in the referential.
    """
    referential = load_referential()
    codes = []
    for order, entry in enumerate(referential.missions, start=1):
        codes.append(entry["code"])
        Mission.objects.update_or_create(
            school=None,
            code=entry["code"],
            defaults={
                "label": entry["label"],
                "description": " ".join(entry["description"].split()),
                "axis": entry["axis"],
                "grants": list(entry.get("grants", [])),
                "order": order * 10,
                "is_active": True,
                "referential_version": referential.version,
            },
        )
    Mission.objects.filter(school=None).exclude(code__in=codes).update(is_active=False)
    return len(codes)
