"""The indicator registry: one indicator, one definition.

Each app declares its indicators in its ``indicators.py`` with :func:`register`: a group of
:class:`Indicator` definitions and one function that measures them for many schools at once
(``compute(schools) -> {school_id: {code: value}}``). The school cockpit, the territorial
cockpit, the ``pilote indicateurs`` command, the API and the reports all read this registry,
so a figure means the same thing everywhere. Measuring schools in bulk keeps the territorial
view to a few grouped queries instead of a few per school.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db import models
from django.urls import NoReverseMatch, reverse

from .choices import Domain


class Status(models.TextChoices):
    OK = "ok", "Conforme"
    WATCH = "watch", "À surveiller"
    ALERT = "alert", "Alerte"
    NONE = "none", "Non évalué"


class Unit(models.TextChoices):
    COUNT = "count", ""
    PERCENT = "percent", "%"
    DAYS = "days", "jours"
    HOURS = "hours", "heures"
    RATIO = "ratio", "pour 100 élèves"
    EUROS = "euros", "€"
    SCORE = "score", "pix"


@dataclass(frozen=True)
class Indicator:
    """The definition of one indicator.

    ``watch`` and ``alert`` are thresholds: with ``higher_is_better`` the status turns to
    « à surveiller » below ``watch`` and to « alerte » below ``alert``; otherwise above them.
    """

    code: str
    label: str
    domain: Domain
    unit: Unit = Unit.COUNT
    description: str = ""
    target: float | None = None
    watch: float | None = None
    alert: float | None = None
    higher_is_better: bool = True
    detail_url_name: str | None = None
    # Optional: ``breakdown(school) -> [(label, value), …]`` shown on the detail page.
    breakdown: Callable | None = field(default=None, compare=False)

    def status_for(self, value) -> Status:
        if value is None:
            return Status.NONE
        if self.watch is None and self.alert is None:
            return Status.OK
        value = float(value)
        if self.higher_is_better:
            if self.alert is not None and value < self.alert:
                return Status.ALERT
            if self.watch is not None and value < self.watch:
                return Status.WATCH
        else:
            if self.alert is not None and value > self.alert:
                return Status.ALERT
            if self.watch is not None and value > self.watch:
                return Status.WATCH
        return Status.OK

    def detail_url(self, school) -> str:
        if self.detail_url_name:
            try:
                return reverse(self.detail_url_name, kwargs={"uai": school.uai})
            except NoReverseMatch:
                pass
        return reverse("core:indicator_detail", kwargs={"uai": school.uai, "code": self.code})


@dataclass
class Measure:
    """An indicator's value for one school."""

    indicator: Indicator
    value: int | float | None
    previous: int | float | None = None
    note: str = ""

    @property
    def status(self) -> Status:
        return self.indicator.status_for(self.value)

    @property
    def trend(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return float(self.value) - float(self.previous)

    def as_json(self) -> dict:
        value = self.value
        if isinstance(value, Decimal):
            value = float(value)
        if isinstance(value, float) and self.indicator.unit == Unit.COUNT:
            value = round(value)
        return {
            "code": self.indicator.code,
            "label": self.indicator.label,
            "value": value,
            "unit": self.indicator.unit.label,
            "status": self.status.value,
        }


ComputeFn = Callable[[list], dict[int, dict[str, object]]]


@dataclass
class IndicatorGroup:
    indicators: list[Indicator]
    compute: ComputeFn


class Registry:
    def __init__(self) -> None:
        self.groups: list[IndicatorGroup] = []
        self.by_code: dict[str, Indicator] = {}

    def register(self, *indicators: Indicator) -> Callable[[ComputeFn], ComputeFn]:
        def decorator(compute: ComputeFn) -> ComputeFn:
            for indicator in indicators:
                if indicator.code in self.by_code:
                    raise ValueError(f"Indicateur déclaré deux fois : {indicator.code}")
                self.by_code[indicator.code] = indicator
            self.groups.append(IndicatorGroup(list(indicators), compute))
            return compute

        return decorator

    def indicators(self, domains: Iterable[str] | None = None) -> list[Indicator]:
        wanted = None if domains is None else set(domains)
        return [
            indicator
            for group in self.groups
            for indicator in group.indicators
            if wanted is None or indicator.domain in wanted
        ]

    def measure(
        self, schools: list, domains: Iterable[str] | None = None, *, cached: bool = False
    ) -> dict:
        """``{school_id: [Measure, …]}`` for the given schools, in registry order.

        With ``cached``, each group's values are kept ``CACHE_SECONDS`` per school (the cockpits
        read every module: some fifty grouped queries when nothing is cached). Saving or
        deleting a row of a school, and applying an import, forget that school's values.
        """
        wanted = None if domains is None else set(domains)
        results: dict[int, list[Measure]] = {school.pk: [] for school in schools}
        for index, group in enumerate(self.groups):
            indicators = [i for i in group.indicators if wanted is None or i.domain in wanted]
            if not indicators or not schools:
                continue
            values = self._group_values(index, group, schools, cached)
            for school in schools:
                school_values = values.get(school.pk, {})
                for indicator in indicators:
                    value, previous, note = school_values.get(indicator.code, (None, None, ""))
                    results[school.pk].append(Measure(indicator, value, previous, note))
        return results

    def _group_values(self, index: int, group: IndicatorGroup, schools: list, cached: bool):
        """``{school_id: {code: (value, previous, note)}}``, from the cache where allowed."""
        keys = {school.pk: cache_key(school.pk, index) for school in schools}
        found = cache.get_many(list(keys.values())) if cached else {}
        values = {pk: found[key] for pk, key in keys.items() if key in found}
        missing = [school for school in schools if school.pk not in values]
        if missing:
            computed = group.compute(missing)
            fresh = {
                school.pk: {
                    code: _as_triple(raw) for code, raw in computed.get(school.pk, {}).items()
                }
                for school in missing
            }
            values.update(fresh)
            if cached:
                cache.set_many({keys[pk]: v for pk, v in fresh.items()}, CACHE_SECONDS)
        return values

    def forget(self, school_id: int) -> None:
        """Drop a school's cached values: its data just changed."""
        cache.delete_many([cache_key(school_id, index) for index in range(len(self.groups))])

    def measure_school(
        self, school, domains: Iterable[str] | None = None, *, cached: bool = False
    ) -> list[Measure]:
        return self.measure([school], domains, cached=cached)[school.pk]


CACHE_SECONDS = 60


def cache_key(school_id: int, group_index: int) -> str:
    return f"indicators:{school_id}:{group_index}"


def _as_triple(raw) -> tuple:
    """A group returns a bare value or a Measure (with a previous value for the trend)."""
    if isinstance(raw, Measure):
        return (raw.value, raw.previous, raw.note)
    return (raw, None, "")


registry = Registry()
register = registry.register


def percent(part, whole) -> float | None:
    """A rate as a percentage 0–100 rounded to one decimal; None when there is nothing to rate."""
    if not whole:
        return None
    return round(100.0 * float(part) / float(whole), 1)
