"""The socle numérique de base: the referential, the collectivité's adaptations, and compliance.

On each territory the académie and the collectivités agree on a socle of equipment and
services, from a national referential. Pilote ships that referential as versioned YAML
(``referentials/socle-<variant>.yaml``, a collège and a lycée variant); the official texts
could not be read, so every item says where it comes from and is flagged « à confirmer ».
A collectivité records its changes as :class:`SocleAdaptation` rows instead of editing the
file, so a school always sees which version applies and why.

Compliance is computed from a handful of grouped queries for many schools at once
(:func:`collect_facts`), then each item's rule is evaluated in Python: the territorial view
compares hundreds of schools without a query per school.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q

from pilote.core.metrics import count_per_school, french_number, percent
from pilote.core.referentials import load

from .choices import (
    Category,
    Coverage,
    EquipmentDomain,
    Maintainer,
    RoomKind,
    RuleKind,
    SocleAction,
    SocleDomain,
    SocleLevel,
    SocleVariant,
)
from .models import Equipment, Room, SocleAdaptation, beyond_lifetime_q

REFERENTIAL_DIR = Path(__file__).parent / "referentials"

# What each rule kind needs in its definition (beyond ``type``).
RULE_KEYS: dict[str, tuple[str, ...]] = {
    RuleKind.ROOM_DEVICES: ("salles", "categories", "seuil"),
    RuleKind.PER_100_PUPILS: ("categories", "seuil"),
    RuleKind.ROOM_NETWORK: ("salles", "reseau"),
    RuleKind.SERVICE_IN_USE: ("type_service",),
    RuleKind.DEVICES_PRESENT: ("categories", "seuil"),
    RuleKind.MAINTAINED_BY: ("categories", "mainteneurs"),
    RuleKind.BEYOND_LIFETIME_MAX: ("categories", "seuil"),
}
NETWORKS = {"filaire": "réseau filaire", "wifi": "wifi"}


class Outcome:
    MET = "conforme"
    NOT_MET = "non_conforme"
    NOT_EVALUATED = "non_evalue"

    LABELS = {MET: "Conforme", NOT_MET: "Non conforme", NOT_EVALUATED: "Non évalué"}


@dataclass(frozen=True)
class SocleItem:
    id: str
    label: str
    domain: str
    level: str
    rule: dict
    source: str = ""
    to_confirm: bool = True
    adaptation: str = ""

    @property
    def domain_label(self) -> str:
        return SocleDomain(self.domain).label

    @property
    def level_label(self) -> str:
        return SocleLevel(self.level).label

    @property
    def threshold(self):
        return self.rule.get("seuil")


@dataclass(frozen=True)
class Socle:
    variant: str
    version: str
    title: str
    source: str
    items: tuple[SocleItem, ...]
    adapted_by: str = ""
    adaptation_count: int = 0
    adapted_on: object = None

    @property
    def version_label(self) -> str:
        label = f"{self.title}, version nationale {self.version}"
        if self.adaptation_count:
            day = f", dernière le {self.adapted_on:%d/%m/%Y}" if self.adapted_on else ""
            label += (
                f", adaptée par {self.adapted_by} ({self.adaptation_count} adaptation"
                f"{'s' if self.adaptation_count > 1 else ''}{day})"
            )
        return label


def validate_rule(rule: dict, where: str) -> None:
    """Refuse a rule Pilote could not evaluate, saying which item and what is wrong."""
    kind = rule.get("type")
    if kind not in RULE_KEYS:
        raise ImproperlyConfigured(f"{where} : type de règle inconnu « {kind} ».")
    missing = [key for key in RULE_KEYS[kind] if key not in rule]
    if missing:
        raise ImproperlyConfigured(f"{where} : la règle n'indique pas {', '.join(missing)}.")
    checks = {
        "salles": RoomKind.values,
        "categories": Category.values,
        "mainteneurs": Maintainer.values,
    }
    for key, allowed in checks.items():
        unknown = [value for value in rule.get(key, []) if value not in allowed]
        if unknown:
            raise ImproperlyConfigured(f"{where} : {key} inconnus : {', '.join(unknown)}.")
    if kind == RuleKind.ROOM_NETWORK and rule["reseau"] not in NETWORKS:
        raise ImproperlyConfigured(f"{where} : réseau « {rule['reseau']} » inconnu.")


@cache
def national_socle(variant: str) -> Socle:
    """The national referential of a variant, read once per process and validated."""
    path = REFERENTIAL_DIR / f"socle-{SocleVariant(variant).value}.yaml"
    data = load("inventory", path.name)
    items = []
    for raw in data["elements"]:
        where = f"{path.name}, élément « {raw.get('id')} »"
        validate_rule(raw["regle"], where)
        if raw["domaine"] not in SocleDomain.values or raw["statut"] not in SocleLevel.values:
            raise ImproperlyConfigured(f"{where} : domaine ou statut inconnu.")
        items.append(
            SocleItem(
                id=raw["id"],
                label=raw["libelle"],
                domain=raw["domaine"],
                level=raw["statut"],
                rule=dict(raw["regle"]),
                source=raw.get("source", ""),
                to_confirm=bool(raw.get("a_confirmer", True)),
            )
        )
    ids = [item.id for item in items]
    if len(ids) != len(set(ids)):
        raise ImproperlyConfigured(f"{path.name} : identifiants d'éléments en double.")
    return Socle(
        variant=data["variante"],
        version=str(data["version"]),
        title=data["intitule"],
        source=data.get("source", ""),
        items=tuple(items),
    )


def variant_for(school) -> str:
    return SocleVariant.LYCEE if school.is_lycee else SocleVariant.COLLEGE


def adapt(socle: Socle, adaptations, collectivite) -> Socle:
    """The national socle with a collectivité's changes applied, in the referential's order."""
    items = {item.id: item for item in socle.items}
    order = [item.id for item in socle.items]
    for change in adaptations:
        if change.action == SocleAction.RETRAIT:
            items.pop(change.item_id, None)
        elif change.action == SocleAction.SEUIL and change.item_id in items:
            item = items[change.item_id]
            items[item.id] = replace(
                item,
                rule={**item.rule, "seuil": change.threshold},
                adaptation=f"seuil adapté par la collectivité : {item.threshold} → "
                f"{change.threshold}",
            )
        elif change.action == SocleAction.AJOUT:
            items[change.item_id] = SocleItem(
                id=change.item_id,
                label=change.label,
                domain=change.domain or SocleDomain.INFRASTRUCTURE,
                level=change.level,
                rule=change.rule,
                source=change.reason or f"Ajouté par {collectivite}",
                to_confirm=False,
                adaptation="élément ajouté par la collectivité",
            )
            order.append(change.item_id)
    adaptations = list(adaptations)
    return replace(
        socle,
        items=tuple(items[item_id] for item_id in order if item_id in items),
        adapted_by=str(collectivite) if adaptations else "",
        adaptation_count=len(adaptations),
        adapted_on=max((a.updated_at for a in adaptations), default=None),
    )


def socles_for(schools) -> dict[int, Socle]:
    """The socle applying to each school: one query for every collectivité's adaptations.

    A socle is built once per collectivité and variant, not once per school (the schools'
    ``collectivite`` need not be loaded)."""
    collectivite_ids = {school.collectivite_id for school in schools}
    changes = defaultdict(list)
    names = {}
    for change in (
        SocleAdaptation.objects.filter(collectivite_id__in=collectivite_ids)
        .select_related("collectivite")
        .order_by("pk")
    ):
        changes[(change.collectivite_id, change.variant)].append(change)
        names[change.collectivite_id] = change.collectivite
    built: dict[tuple, Socle] = {}
    result = {}
    for school in schools:
        key = (school.collectivite_id, variant_for(school))
        if key not in built:
            built[key] = adapt(national_socle(key[1]), changes[key], names.get(key[0], ""))
        result[school.pk] = built[key]
    return result


# --- Facts: what the database says about each school ----------------------------------


@dataclass
class RoomFacts:
    label: str
    kind: str
    wired: str
    wifi: str
    devices: dict[str, int] = field(default_factory=dict)


@dataclass
class SchoolFacts:
    pupils: int | None = None
    rooms: list[RoomFacts] = field(default_factory=list)
    # (category, domain, maintainer) → counts of devices in the fleet.
    fleet: dict[tuple[str, str, str], dict[str, int]] = field(default_factory=dict)
    service_kinds: set[str] | None = None

    def count(self, categories, *, domain=None, key="total") -> int:
        return sum(
            values[key]
            for (category, device_domain, _), values in self.fleet.items()
            if category in categories and (domain is None or device_domain == domain)
        )

    def count_by_maintainer(self, categories, maintainers) -> tuple[int, int]:
        matching = total = 0
        for (category, domain, maintainer), values in self.fleet.items():
            if category in categories and domain == EquipmentDomain.PEDAGOGIQUE:
                total += values["total"]
                if maintainer in maintainers:
                    matching += values["total"]
        return matching, total


def pupil_counts(schools) -> dict[int, int | None]:
    """Active pupils from the SIECLE import, else the number the school declared."""
    from pilote.schooldata.models import Pupil

    counted = count_per_school(Pupil.objects.active().filter(school__in=schools))
    return {school.pk: counted.get(school.pk) or school.declared_pupils for school in schools}


def service_kind_label(kind: str) -> str:
    """The French name of a kind of service (never its code, « vie_scolaire »)."""
    try:
        from pilote.catalogue.socle import service_kind_label as label
    except ImportError:
        return kind.replace("_", " ")
    return label(kind)


def service_kinds(schools) -> dict[int, set[str]] | None:
    """Kinds of services in use, or None while the Services module is not installed."""
    try:
        from pilote.catalogue.socle import service_kinds_in_use
    except ImportError:
        return None
    return service_kinds_in_use(schools)


def collect_facts(schools) -> dict[int, SchoolFacts]:
    """Everything the socle rules read, for many schools, in five grouped queries."""
    facts = {school.pk: SchoolFacts() for school in schools}
    for school_id, pupils in pupil_counts(schools).items():
        facts[school_id].pupils = pupils
    rooms = {}
    for pk, school_id, name, building, kind, wired, wifi in (
        Room.objects.filter(school__in=schools)
        .order_by("building", "name")
        .values_list(
            "pk", "school_id", "name", "building", "kind", "wired_network", "wifi_coverage"
        )
    ):
        label = f"{name} ({building})" if building else name
        rooms[pk] = RoomFacts(label, kind, wired, wifi)
        facts[school_id].rooms.append(rooms[pk])
    fleet = Equipment.objects.filter(school__in=schools).in_fleet()
    for row in (
        fleet.filter(room__isnull=False)
        .values("room_id", "category")
        .annotate(total=Count("pk"))
        .order_by()
    ):
        rooms[row["room_id"]].devices[row["category"]] = row["total"]
    for row in (
        fleet.values("school_id", "category", "domain", "maintainer")
        .annotate(
            total=Count("pk"),
            dated=Count("pk", filter=Q(acquisition_date__isnull=False)),
            beyond=Count("pk", filter=beyond_lifetime_q()),
        )
        .order_by()
    ):
        key = (row["category"], row["domain"], row["maintainer"])
        facts[row["school_id"]].fleet[key] = {
            "total": row["total"],
            "dated": row["dated"],
            "beyond": row["beyond"],
            "within": row["dated"] - row["beyond"],
        }
    kinds = service_kinds(schools)
    if kinds is not None:
        for school in schools:
            facts[school.pk].service_kinds = set(kinds.get(school.pk, set()))
    return facts


# --- Evaluation ------------------------------------------------------------------------


@dataclass
class ItemResult:
    item: SocleItem
    outcome: str
    found: str = ""
    expected: str = ""
    gaps: list[str] = field(default_factory=list)

    @property
    def outcome_label(self) -> str:
        return Outcome.LABELS[self.outcome]


def _labels(values, choices) -> str:
    return ", ".join(str(choices(value).label).lower() for value in values)


def _room_devices(item, facts):
    rule = item.rule
    rooms = [room for room in facts.rooms if room.kind in rule["salles"]]
    expected = (
        f"au moins {rule['seuil']} ({_labels(rule['categories'], Category)}) par salle : "
        f"{_labels(rule['salles'], RoomKind)}"
    )
    if not rooms:
        return Outcome.NOT_EVALUATED, "aucune salle de ce type n'est déclarée", expected, []
    lacking = [
        room.label
        for room in rooms
        if sum(room.devices.get(c, 0) for c in rule["categories"]) < rule["seuil"]
    ]
    found = f"{len(rooms) - len(lacking)} salle(s) sur {len(rooms)} équipée(s)"
    return (Outcome.NOT_MET if lacking else Outcome.MET), found, expected, lacking


def _room_network(item, facts):
    rule = item.rule
    attribute = "wired" if rule["reseau"] == "filaire" else "wifi"
    rooms = [room for room in facts.rooms if room.kind in rule["salles"]]
    expected = f"{NETWORKS[rule['reseau']]} dans chaque salle : {_labels(rule['salles'], RoomKind)}"
    if not rooms:
        return Outcome.NOT_EVALUATED, "aucune salle de ce type n'est déclarée", expected, []
    lacking = [
        f"{room.label} ({Coverage(getattr(room, attribute)).label.lower()})"
        for room in rooms
        if getattr(room, attribute) != Coverage.OUI
    ]
    found = f"{len(rooms) - len(lacking)} salle(s) sur {len(rooms)} couverte(s)"
    return (Outcome.NOT_MET if lacking else Outcome.MET), found, expected, lacking


def _per_100_pupils(item, facts):
    rule = item.rule
    key = "within" if rule.get("dans_duree_de_vie") else "total"
    expected = f"au moins {rule['seuil']} pour 100 élèves"
    if not facts.pupils:
        return Outcome.NOT_EVALUATED, "effectif d'élèves inconnu", expected, []
    devices = facts.count(rule["categories"], domain=EquipmentDomain.PEDAGOGIQUE, key=key)
    ratio = round(100 * devices / facts.pupils, 1)
    found = f"{french_number(ratio)} pour 100 élèves ({devices} appareils, {facts.pupils} élèves)"
    gaps = []
    if ratio < rule["seuil"]:
        missing = -(-rule["seuil"] * facts.pupils // 100) - devices
        gaps.append(f"il manque environ {missing} appareil(s) pour atteindre le seuil")
    return (Outcome.NOT_MET if gaps else Outcome.MET), found, expected, gaps


def _devices_present(item, facts):
    rule = item.rule
    devices = facts.count(rule["categories"])
    expected = f"au moins {rule['seuil']} ({_labels(rule['categories'], Category)})"
    outcome = Outcome.MET if devices >= rule["seuil"] else Outcome.NOT_MET
    gaps = [] if outcome == Outcome.MET else [f"{rule['seuil'] - devices} à acquérir"]
    return outcome, f"{devices} en service", expected, gaps


def _service_in_use(item, facts):
    wanted = item.rule["type_service"]
    expected = f"un service de type « {service_kind_label(wanted)} » en service"
    if facts.service_kinds is None:
        reason = "le catalogue des services n'est pas encore installé"
        return Outcome.NOT_EVALUATED, reason, expected, []
    if wanted in facts.service_kinds:
        return Outcome.MET, "service en usage", expected, []
    return Outcome.NOT_MET, "aucun service de ce type en service", expected, ["à déclarer"]


def _maintained_by(item, facts):
    rule = item.rule
    matching, total = facts.count_by_maintainer(rule["categories"], rule["mainteneurs"])
    expected = f"maintenus par : {_labels(rule['mainteneurs'], Maintainer)}"
    if not total:
        return Outcome.NOT_EVALUATED, "aucun appareil pédagogique concerné", expected, []
    found = f"{matching} sur {total}"
    gaps = [] if matching == total else [f"{total - matching} appareil(s) maintenus autrement"]
    return (Outcome.NOT_MET if gaps else Outcome.MET), found, expected, gaps


def _beyond_lifetime_max(item, facts):
    rule = item.rule
    dated = facts.count(rule["categories"], key="dated")
    beyond = facts.count(rule["categories"], key="beyond")
    expected = f"au plus {rule['seuil']} % au-delà de leur durée de vie"
    if not dated:
        return Outcome.NOT_EVALUATED, "aucune date d'acquisition connue", expected, []
    share = percent(beyond, dated)
    found = f"{french_number(share)} % ({beyond} sur {dated})"
    gaps = [f"{beyond} appareil(s) à renouveler"] if share > rule["seuil"] else []
    return (Outcome.NOT_MET if gaps else Outcome.MET), found, expected, gaps


EVALUATORS = {
    RuleKind.ROOM_DEVICES: _room_devices,
    RuleKind.ROOM_NETWORK: _room_network,
    RuleKind.PER_100_PUPILS: _per_100_pupils,
    RuleKind.DEVICES_PRESENT: _devices_present,
    RuleKind.SERVICE_IN_USE: _service_in_use,
    RuleKind.MAINTAINED_BY: _maintained_by,
    RuleKind.BEYOND_LIFETIME_MAX: _beyond_lifetime_max,
}


@dataclass
class ComplianceReport:
    socle: Socle
    results: list[ItemResult]

    def _socle_results(self, outcome=None):
        return [
            r
            for r in self.results
            if r.item.level == SocleLevel.SOCLE and (outcome is None or r.outcome == outcome)
        ]

    @property
    def rate(self) -> float | None:
        """Share of the evaluated « socle » items that are met (recommended items excluded)."""
        evaluated = [r for r in self._socle_results() if r.outcome != Outcome.NOT_EVALUATED]
        return percent(len(self._socle_results(Outcome.MET)), len(evaluated))

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    def by_id(self) -> dict[str, ItemResult]:
        return {r.item.id: r for r in self.results}


def evaluate(socle: Socle, facts: SchoolFacts) -> ComplianceReport:
    results = []
    for item in socle.items:
        outcome, found, expected, gaps = EVALUATORS[item.rule["type"]](item, facts)
        results.append(ItemResult(item, outcome, found, expected, gaps))
    return ComplianceReport(socle, results)


def compliance(schools) -> dict[int, ComplianceReport]:
    """Compliance report of each school, for one school's page or a whole territory."""
    schools = list(schools)
    socles = socles_for(schools)
    facts = collect_facts(schools)
    return {school.pk: evaluate(socles[school.pk], facts[school.pk]) for school in schools}
