"""The indicator registry: one indicator, one definition.

Each app describes its indicators in its referential ``indicateurs.yaml`` (label, description,
unit, thresholds, detail page; read by :func:`declared`) and registers them in its
``indicators.py`` with :func:`register`: a group of :class:`Indicator` definitions and one
function that measures them for many schools at once
(``compute(schools) -> {school_id: {code: value}}``). The school cockpit, the territorial
cockpit, the ``pilote indicateurs`` command, the API and the reports all read this registry,
so a figure means the same thing everywhere. Measuring schools in bulk keeps the territorial
view to a few grouped queries instead of a few per school.

A status says what a value means for *this* school, judged in this order:

1. against the school's own target when its volet numérique sets one, and the milestone of
   that target for the date (« cible de l'établissement : 85 % en juin 2027 »);
2. otherwise against the indicator's default thresholds (``watch`` / ``alert``);
3. otherwise not at all: « Non évalué ». A count with no threshold is a fact, not a verdict —
   « 181 élèves à accompagner » is never « Conforme ».

Core keeps neither targets nor history: the app that does (``pilotage``) plugs a
:class:`TargetSource` and a :class:`HistorySource` into the registry when Django starts
(``registry.use_targets(…)``, ``registry.use_history(…)``). Until then both answer nothing, so
statuses fall back on thresholds and trends stay unknown.
"""

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format

from .choices import Domain
from .modules import Part, discover

# The trend of an indicator is its change over this many days, read from the history.
TREND_DAYS = 30


class Status(models.TextChoices):
    OK = "ok", "Conforme"
    WATCH = "watch", "À surveiller"
    ALERT = "alert", "Alerte"
    NONE = "none", "Non évalué"


# Worst first: the order « À traiter » and the filters use.
STATUS_SEVERITY = {Status.ALERT: 3, Status.WATCH: 2, Status.OK: 1, Status.NONE: 0}


class Unit(models.TextChoices):
    COUNT = "count", ""
    PERCENT = "percent", "%"
    DAYS = "days", "jours"
    HOURS = "hours", "heures"
    RATIO = "ratio", "pour 100 élèves"
    EUROS = "euros", "€"
    SCORE = "score", "pix"


def french_number(value, decimals=None) -> str:
    """« 1 250 », « 12,5 »; « — » when there is nothing."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and decimals is None:
        decimals = 0 if value.is_integer() else 1
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_value(value, unit: str) -> str:
    """A value with its unit, written the French way: « 12,5 % », « 3 jours », « — »."""
    if value is None:
        return "—"
    unit = Unit(unit)
    text = french_number(value)
    if unit == Unit.COUNT:
        return text
    if unit == Unit.PERCENT:
        return f"{text} %"
    return f"{text} {unit_label(unit, value)}"


def unit_label(unit: Unit, amount) -> str:
    """« jours », but « 1 jour », « 0 jour », « 1,5 jour »: in French the plural starts at 2."""
    if unit in (Unit.DAYS, Unit.HOURS) and abs(float(amount)) < 2:
        return unit.label.removesuffix("s")
    return unit.label


def format_change(change, unit: str) -> str:
    """A change over time: « +3,2 pts » for a rate, « −4 » for a count, « 0 » when stable."""
    if change is None:
        return "—"
    sign = "+" if change > 0 else ("−" if change < 0 else "")
    text = french_number(abs(round(float(change), 1)))
    if Unit(unit) == Unit.PERCENT:
        return f"{sign}{text} pt{'s' if abs(change) >= 2 else ''}"
    if Unit(unit) == Unit.COUNT:
        return f"{sign}{text}"
    return f"{sign}{text} {unit_label(Unit(unit), change)}"


def month_year(day: date) -> str:
    """« juin 2027 »."""
    return date_format(day, "F Y").lower()


@dataclass(frozen=True)
class Milestone:
    """A value to reach by a date: a yearly milestone, or the target itself at its deadline."""

    day: date
    value: float


@dataclass(frozen=True)
class SchoolTarget:
    """A school's own target on one indicator, from its volet numérique.

    ``milestones`` are the optional yearly steps before the deadline. On a given date the
    target is judged against its *reference* — the first step not yet past (the milestone of
    the current school year, or the target itself) — and against the last step passed:

    - « Conforme »: the value already reaches the reference;
    - « À surveiller »: not yet, but the last step passed was reached (or none has passed);
    - « Alerte »: the school is behind a step already passed, or the deadline is over and the
      target missed.
    """

    value: float
    deadline: date
    milestones: tuple[Milestone, ...] = ()
    # From a volet still in preparation (not yet adopted by the conseil d'administration).
    draft: bool = False

    def steps(self) -> list[Milestone]:
        earlier = sorted(m for m in self.milestones if m.day < self.deadline)
        return [*earlier, Milestone(self.deadline, float(self.value))]

    def reference(self, on: date) -> Milestone:
        steps = self.steps()
        return next((step for step in steps if step.day >= on), steps[-1])

    def last_passed(self, on: date) -> Milestone | None:
        passed = [step for step in self.steps() if step.day < on]
        return passed[-1] if passed else None

    def status_for(self, value, higher_is_better: bool, on: date) -> Status:
        if value is None:
            return Status.NONE
        value = float(value)

        def reaches(step: Milestone) -> bool:
            return value >= step.value if higher_is_better else value <= step.value

        if reaches(self.reference(on)):
            return Status.OK
        passed = self.last_passed(on)
        if passed is not None and not reaches(passed):
            return Status.ALERT
        return Status.WATCH

    def describe(self, unit: str, on: date) -> str:
        """« cible de l'établissement : 85 % en juin 2027 (jalon : 75 % en juin 2026) »."""
        text = (
            f"cible de l'établissement : {format_value(self.value, unit)} "
            f"en {month_year(self.deadline)}"
        )
        reference = self.reference(on)
        if reference.day != self.deadline:
            milestone = format_value(reference.value, unit)
            text += f" (jalon : {milestone} en {month_year(reference.day)})"
        if self.draft:
            text += ", volet en préparation"
        return text

    def as_json(self, on: date) -> dict:
        reference = self.reference(on)
        return {
            "value": _plain(self.value),
            "deadline": self.deadline.isoformat(),
            "milestone": None
            if reference.day == self.deadline
            else {"date": reference.day.isoformat(), "value": _plain(reference.value)},
            "draft": self.draft,
        }


@dataclass(frozen=True)
class Indicator:
    """The definition of one indicator.

    ``watch`` and ``alert`` are thresholds: with ``higher_is_better`` the status turns to
    « à surveiller » below ``watch`` and to « alerte » below ``alert``; otherwise above them.
    An indicator with neither is « Non évalué » unless the school sets itself a target.
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
    # Optional: the label in the words of one kind of school, ``{"college": …, "lycee": …}``
    # (« Élèves de 3e certifiés Pix » for a collège); ``label`` is the territory's word.
    school_labels: dict[str, str] = field(default_factory=dict, compare=False)

    def label_for(self, school) -> str:
        """The label a school's people read: no « terminales » for a collège."""
        if school is None or not self.school_labels:
            return self.label
        return self.school_labels.get("lycee" if school.is_lycee else "college", self.label)

    @property
    def has_thresholds(self) -> bool:
        return self.watch is not None or self.alert is not None

    def status_for(self, value) -> Status:
        if value is None or not self.has_thresholds:
            return Status.NONE
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

    def describe_thresholds(self) -> str:
        """« à surveiller au-dessous de 90 %, alerte au-dessous de 75 % »."""
        if not self.has_thresholds:
            return "aucun seuil ni cible : non évalué"
        side = "au-dessous de" if self.higher_is_better else "au-dessus de"
        parts = []
        if self.watch is not None:
            parts.append(f"à surveiller {side} {format_value(self.watch, self.unit)}")
        if self.alert is not None:
            parts.append(f"alerte {side} {format_value(self.alert, self.unit)}")
        return "seuils par défaut : " + ", ".join(parts)

    def detail_url(self, school) -> str:
        if self.detail_url_name:
            try:
                return reverse(self.detail_url_name, kwargs={"uai": school.uai})
            except NoReverseMatch:
                pass
        return self.history_url(school)

    def history_url(self, school) -> str:
        """The indicator's own page: its value, its reference, its curve and its table."""
        return reverse("core:indicator_detail", kwargs={"uai": school.uai, "code": self.code})


def _plain(value):
    """A JSON-friendly number: Decimal → float, whole floats of counts → int."""
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@dataclass
class Measure:
    """An indicator's value for one school, with what judges it.

    ``previous`` is a comparison point a module may give itself (the previous export);
    ``past`` is the value recorded :data:`TREND_DAYS` days before ``on`` (the trend);
    ``target`` is the school's own target, when it has one.
    """

    indicator: Indicator
    value: int | float | None
    previous: int | float | None = None
    note: str = ""
    target: SchoolTarget | None = None
    past: int | float | None = None
    on: date | None = None

    @property
    def judged_on(self) -> date:
        return self.on or timezone.localdate()

    @property
    def status(self) -> Status:
        if self.target is not None:
            return self.target.status_for(
                self.value, self.indicator.higher_is_better, self.judged_on
            )
        return self.indicator.status_for(self.value)

    @property
    def status_source(self) -> str | None:
        """What decided the status: ``"cible"`` (the school's), ``"seuil"`` (the default)."""
        if self.target is not None:
            return "cible"
        if self.indicator.has_thresholds:
            return "seuil"
        return None

    @property
    def reference_text(self) -> str:
        if self.target is not None:
            return self.target.describe(self.indicator.unit, self.judged_on)
        return self.indicator.describe_thresholds()

    @property
    def trend(self) -> float | None:
        """Change over :data:`TREND_DAYS` days, from the recorded history."""
        if self.value is None or self.past is None:
            return None
        return round(float(self.value) - float(self.past), 1)

    @property
    def previous_change(self) -> float | None:
        """Change since the module's own comparison point (e.g. the previous export)."""
        if self.value is None or self.previous is None:
            return None
        return float(self.value) - float(self.previous)

    @property
    def severity(self) -> float:
        """How far the value is past what judges it, relative to it (0 when within)."""
        if self.value is None:
            return 0.0
        value = float(self.value)
        if self.target is not None:
            bound = self.target.reference(self.judged_on).value
        elif self.indicator.alert is not None:
            bound = self.indicator.alert
        elif self.indicator.watch is not None:
            bound = self.indicator.watch
        else:
            return 0.0
        gap = bound - value if self.indicator.higher_is_better else value - bound
        return max(gap, 0.0) / max(abs(bound), 1.0)

    def as_json(self) -> dict:
        value = _plain(self.value)
        if isinstance(value, float) and self.indicator.unit == Unit.COUNT:
            value = round(value)
        return {
            "code": self.indicator.code,
            "label": self.indicator.label,
            "value": value,
            "unit": self.indicator.unit.label,
            "status": self.status.value,
            "source": self.status_source,
            "target": None if self.target is None else self.target.as_json(self.judged_on),
            "trend": self.trend,
        }


class TargetSource:
    """Where schools' own targets come from. Core's default knows none."""

    def targets_for(self, schools: list, on: date) -> dict[int, dict[str, SchoolTarget]]:
        """``{school_id: {code: SchoolTarget}}`` in force on ``on`` (a few grouped queries)."""
        return {}


class HistorySource:
    """Where recorded values come from. Core's default has no history."""

    def values_at(self, schools: list, codes: list[str], day: date) -> dict[int, dict]:
        """``{school_id: {code: value}}`` as recorded on ``day`` (one query, whatever the
        length of the history)."""
        return {}

    def series(self, school, code: str, start: date, end: date) -> list[tuple[date, float]]:
        """The recorded values of one indicator from ``start`` to ``end``, one per day."""
        return []

    def changed_on(self, school, codes: list[str], day: date) -> dict[str, date]:
        """For each code, the last day on or before ``day`` its value changed."""
        return {}


ComputeFn = Callable[[list], dict[int, dict[str, object]]]

# Within one measuring pass (``compute`` or ``measure``), the values each group already gave,
# ``{group index: {school_id: {code: (value, previous, note)}}}``: a group that reads other
# groups through the registry (the share of targets met) does not measure them twice.
_pass_values: ContextVar[dict | None] = ContextVar("indicator_pass", default=None)


@contextmanager
def _measuring_pass():
    token = _pass_values.set({}) if _pass_values.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _pass_values.reset(token)


@dataclass
class IndicatorGroup:
    indicators: list[Indicator]
    compute: ComputeFn


class Registry:
    def __init__(self) -> None:
        self._groups: list[IndicatorGroup] = []
        self._by_code: dict[str, Indicator] = {}
        self.targets: TargetSource = TargetSource()
        self.history: HistorySource = HistorySource()

    @property
    def groups(self) -> list[IndicatorGroup]:
        """Every module's groups: their ``indicators`` modules are imported on first read."""
        discover(Part.INDICATORS)
        return self._groups

    @property
    def by_code(self) -> dict[str, Indicator]:
        discover(Part.INDICATORS)
        return self._by_code

    def register(self, *indicators: Indicator) -> Callable[[ComputeFn], ComputeFn]:
        def decorator(compute: ComputeFn) -> ComputeFn:
            for indicator in indicators:
                if indicator.code in self._by_code:
                    raise ValueError(f"Indicateur déclaré deux fois : {indicator.code}")
                self._by_code[indicator.code] = indicator
            self._groups.append(IndicatorGroup(list(indicators), compute))
            return compute

        return decorator

    def use_targets(self, source: TargetSource) -> None:
        """Plug in the schools' own targets (the app keeping the volets numériques)."""
        self.targets = source

    def use_history(self, source: HistorySource) -> None:
        """Plug in the recorded history (the app keeping it)."""
        self.history = source

    def indicators(self, domains: Iterable[str] | None = None) -> list[Indicator]:
        wanted = None if domains is None else set(domains)
        return [
            indicator
            for group in self.groups
            for indicator in group.indicators
            if wanted is None or indicator.domain in wanted
        ]

    def measure(
        self,
        schools: list,
        domains: Iterable[str] | None = None,
        *,
        cached: bool = False,
        codes: Iterable[str] | None = None,
        at: date | None = None,
        trends: bool = False,
    ) -> dict:
        """``{school_id: [Measure, …]}`` for the given schools, in registry order.

        ``domains`` and ``codes`` narrow the indicators (only the groups holding them are
        computed). With ``cached``, each group's values are kept ``CACHE_SECONDS`` per school
        (the cockpits read every module: some fifty grouped queries when nothing is cached);
        saving or deleting a row of a school, and applying an import, forget that school's
        values. With ``at``, the values are those recorded that day instead of today's. With
        ``trends``, each measure also carries the value recorded :data:`TREND_DAYS` earlier.
        Each measure carries the school's target, if any: one grouped read for all schools.
        """
        with _measuring_pass():
            return self._measure(schools, domains, cached=cached, codes=codes, at=at, trends=trends)

    def _measure(self, schools, domains, *, cached, codes, at, trends) -> dict:
        wanted_domains = None if domains is None else set(domains)
        wanted_codes = None if codes is None else set(codes)
        results: dict[int, list[Measure]] = {school.pk: [] for school in schools}
        if not schools:
            return results
        selected = [
            (index, group, chosen)
            for index, group in enumerate(self.groups)
            if (
                chosen := [
                    i
                    for i in group.indicators
                    if (wanted_domains is None or i.domain in wanted_domains)
                    and (wanted_codes is None or i.code in wanted_codes)
                ]
            )
        ]
        all_codes = [i.code for _, _, chosen in selected for i in chosen]
        day = at or timezone.localdate()
        recorded = self.history.values_at(schools, all_codes, at) if at else None
        past = (
            self.history.values_at(schools, all_codes, day - timedelta(days=TREND_DAYS))
            if trends
            else {}
        )
        targets = self.targets.targets_for(schools, day) if all_codes else {}
        # Every group's cached values in one read (a cockpit asks for all the modules).
        found = (
            cache.get_many([cache_key(s.pk, index) for index, _, _ in selected for s in schools])
            if cached and recorded is None
            else None
        )
        for index, group, chosen in selected:
            if recorded is None:
                values = self._group_values(index, group, schools, cached, found)
            else:
                values = {
                    pk: {code: (value, None, "") for code, value in by_code.items()}
                    for pk, by_code in recorded.items()
                }
            for school in schools:
                school_values = values.get(school.pk, {})
                school_targets = targets.get(school.pk, {})
                school_past = past.get(school.pk, {})
                for indicator in chosen:
                    value, previous, note = school_values.get(indicator.code, (None, None, ""))
                    results[school.pk].append(
                        Measure(
                            indicator,
                            value,
                            previous,
                            note,
                            target=school_targets.get(indicator.code),
                            past=school_past.get(indicator.code),
                            on=at,
                        )
                    )
        return results

    def compute(self, schools: list, codes: Iterable[str] | None = None) -> dict:
        """``{school_id: {code: value}}``: today's raw values, never cached (for recording)."""
        wanted = None if codes is None else set(codes)
        values: dict[int, dict] = {school.pk: {} for school in schools}
        with _measuring_pass():
            for index, group in enumerate(self.groups):
                chosen = [i.code for i in group.indicators if wanted is None or i.code in wanted]
                if not chosen or not schools:
                    continue
                computed = self._group_values(index, group, schools, cached=False)
                for school in schools:
                    triples = computed.get(school.pk, {})
                    for code in chosen:
                        values[school.pk][code] = triples[code][0] if code in triples else None
        return values

    def _group_values(
        self, index: int, group: IndicatorGroup, schools: list, cached: bool, found=None
    ):
        """``{school_id: {code: (value, previous, note)}}``, from the cache where allowed
        (``found``: what the caller already read from it for this group and others)."""
        in_pass = _pass_values.get()
        done = in_pass.get(index, {}) if in_pass is not None else {}
        values = {school.pk: done[school.pk] for school in schools if school.pk in done}
        keys = {school.pk: cache_key(school.pk, index) for school in schools}
        if cached and len(values) < len(schools):
            if found is None:
                found = cache.get_many(
                    [keys[school.pk] for school in schools if school.pk not in values]
                )
            values.update(
                {pk: found[key] for pk, key in keys.items() if key in found and pk not in values}
            )
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
            if in_pass is not None:
                in_pass.setdefault(index, {}).update(fresh)
            if cached:
                cache.set_many({keys[pk]: v for pk, v in fresh.items()}, CACHE_SECONDS)
        return values

    def forget(self, school_id: int) -> None:
        """Drop a school's cached values: its data just changed."""
        cache.delete_many([cache_key(school_id, index) for index in range(len(self.groups))])

    def measure_school(
        self,
        school,
        domains: Iterable[str] | None = None,
        *,
        cached: bool = False,
        codes: Iterable[str] | None = None,
        at: date | None = None,
        trends: bool = False,
    ) -> list[Measure]:
        return self.measure([school], domains, cached=cached, codes=codes, at=at, trends=trends)[
            school.pk
        ]


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


def declared(
    app_label: str, breakdowns: dict[str, Callable] | None = None, **facts
) -> dict[str, Indicator]:
    """``{code: Indicator}``: the indicators ``app_label`` describes in its referential
    ``indicateurs.yaml``, in the file's order (the cockpit's).

    What an indicator means — label, description, unit, default thresholds, detail page — is
    reference data, read and reviewed like the other referentials and checked against core's
    one schema; ``indicators.py`` keeps how it is measured and, in ``breakdowns`` (by code),
    the detail shown on its page. ``facts`` fill the ``{names}`` a description takes from the
    code (« plus de {stale_days} jours »), so that the text follows the constant.
    """
    from .referentials import load

    entries = load(app_label, "indicateurs.yaml")["indicators"]
    breakdowns = breakdowns or {}
    unknown = set(breakdowns) - {entry["code"] for entry in entries}
    if unknown:
        raise ValueError(f"Détail d'un indicateur non déclaré : {', '.join(sorted(unknown))}")
    return {
        entry["code"]: Indicator(
            **{
                **entry,
                "domain": Domain(entry["domain"]),
                "unit": Unit(entry.get("unit", Unit.COUNT)),
                "description": entry["description"].format_map(facts),
                "breakdown": breakdowns.get(entry["code"]),
            }
        )
        for entry in entries
    }


def per_school(queryset, key: str = "school_id", **aggregates) -> dict[int, dict]:
    """``{school_id: {name: value}}``: ``aggregates`` taken per school in one grouped query.

    Every module measures many schools at once this way; written once, the query never forgets
    ``order_by()`` (an ordering left on the queryset would join the GROUP BY and split a school
    over several rows). A school without any row is absent: its caller says what that means,
    0 or « non évalué ». ``key`` names the school when it is reached through a relation
    (``"meeting__school_id"``).
    """
    rows = queryset.values(key).annotate(**aggregates).order_by()
    return {row.pop(key): row for row in rows}


def count_per_school(
    queryset, counted: str = "pk", *, distinct: bool = False, key: str = "school_id"
) -> dict[int, int]:
    """``{school_id: number of rows}`` (or of distinct ``counted`` values) in one grouped query;
    a school without any row is absent, as in :func:`per_school`."""
    rows = per_school(queryset, key, total=models.Count(counted, distinct=distinct))
    return {school_id: row["total"] for school_id, row in rows.items()}


def count_by(
    queryset, field: str, counted: str = "pk", *, distinct: bool = False
) -> list[tuple[object, int]]:
    """``[(value of field, number of rows)]``, most rows first, in one grouped query: the usual
    detail of an indicator (services by kind, incidents by category, accounts by role)."""
    rows = (
        queryset.values(field)
        .annotate(total=models.Count(counted, distinct=distinct))
        .order_by("-total")
        .values_list(field, "total")
    )
    return list(rows)


def grouped_median(queryset, group: str, value) -> dict:
    """``{group value: median}`` of ``value`` (an expression) per ``group``, done by the database.

    Portable (SQLite and PostgreSQL): each row is numbered within its group by ascending value
    and only the middle row — or the two middle rows — come back, so the rows read grow with the
    number of groups, never with the number of rows. A group without any value is absent.
    """
    from django.db.models import Count, F, Window
    from django.db.models.functions import RowNumber

    rows = (
        queryset.annotate(_median_value=value)
        .filter(_median_value__isnull=False)
        .annotate(
            _median_rank=Window(
                RowNumber(), partition_by=[F(group)], order_by=F("_median_value").asc()
            ),
            _median_size=Window(Count("pk"), partition_by=[F(group)]),
        )
        .filter(
            _median_size__lte=2 * F("_median_rank"),
            _median_size__gte=2 * F("_median_rank") - 2,
        )
        .order_by()
        .values_list(group, "_median_value")
    )
    middles: dict = {}
    for key, middle in rows:
        middles.setdefault(key, []).append(middle)
    result = {}
    for key, values in middles.items():
        if isinstance(values[0], timedelta):
            result[key] = sum(values, timedelta()) / len(values)
        else:
            result[key] = sum(float(v) for v in values) / len(values)
    return result


def percent(part, whole) -> float | None:
    """A rate as a percentage 0–100 rounded to one decimal; None when there is nothing to rate."""
    if not whole:
        return None
    return round(100.0 * float(part) / float(whole), 1)
