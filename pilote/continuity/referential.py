"""The continuity checklist and default scenarios: a versioned YAML file read once.

Each plan keeps the version of the checklist it was ticked against, so that changing the file
never silently rewrites what a school declared last year.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pilote.core.referentials import load

from .choices import ScenarioKind

REFERENTIAL_FILE = Path(__file__).parent / "referentials" / "checklist.yaml"
SCENARIO_FIELDS = ("decides", "informed", "channels", "timetable", "first_48h")


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    action: str
    action_label: str
    label: str
    measured_by: str = ""
    to_confirm: bool = False
    note: str = ""


@dataclass(frozen=True)
class Referential:
    version: str
    source: str
    items: tuple[ChecklistItem, ...]
    principles: tuple[str, ...]
    scenarios: dict

    def item(self, code: str) -> ChecklistItem | None:
        return next((item for item in self.items if item.code == code), None)


def check(data: dict) -> None:
    """Refuse a malformed file at load time rather than show half a checklist."""
    where = REFERENTIAL_FILE.name
    actions = data.get("actions") or {}
    codes = []
    for position, entry in enumerate(data.get("items") or [], start=1):
        for key in ("code", "action", "label"):
            if not entry.get(key):
                raise ValueError(f"{where}, étape n° {position} : la clé « {key} » manque.")
        if entry["action"] not in actions:
            raise ValueError(
                f"{where}, étape n° {position} : action inconnue « {entry['action']} »."
            )
        codes.append(entry["code"])
    if not codes or len(codes) != len(set(codes)):
        raise ValueError(f"{where} : liste vide ou code d'étape en double.")
    for kind in ScenarioKind.values:
        scenario = (data.get("scenarios") or {}).get(kind)
        if not scenario or any(field not in scenario for field in SCENARIO_FIELDS):
            raise ValueError(f"{where} : le scénario « {kind} » manque ou est incomplet.")


@cache
def load_referential() -> Referential:
    data = load("continuity", REFERENTIAL_FILE.name)
    check(data)
    actions = data["actions"]
    items = tuple(
        ChecklistItem(
            code=entry["code"],
            action=entry["action"],
            action_label=actions[entry["action"]],
            label=entry["label"],
            measured_by=entry.get("measured_by", ""),
            to_confirm=bool(entry.get("to_confirm")),
            note=entry.get("note", ""),
        )
        for entry in data["items"]
    )
    return Referential(
        version=str(data["version"]),
        source=" ".join(data.get("source", "").split()),
        items=items,
        principles=tuple(data.get("principles", [])),
        scenarios=data["scenarios"],
    )
