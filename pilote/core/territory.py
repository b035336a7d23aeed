"""Territories at scale: the indicators of every school stored, and each territory's summary.

A collectivité or an académie may hold thousands of schools: its pages never measure them
during the request. The worker measures every school (every night, ``pilote quotidien``, and
after each import into a school) and keeps, per school, its values and statuses
(:class:`~pilote.core.models.SchoolIndicators`), then, per territory, the distribution of each
indicator across its schools — quartiles, count in alert, a small histogram
(:class:`~pilote.core.models.TerritorySummary`). The territory's home reads one summary row
and its ten schools in most alerts; its table reads one page of schools. The values are the
registry's, statuses included (a school's own targets first, then thresholds).
"""

from collections import Counter
from decimal import Decimal
from itertools import pairwise

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.fields.json import KeyTransform
from django.tasks import task
from django.utils import timezone

from .daily import register_daily
from .metrics import Status, format_value, registry
from .models import Academie, Collectivite, School, SchoolIndicators, TerritorySummary
from .tasks import enqueue_after_commit

# Schools measured together: bounded memory, grouped queries of bounded size.
CHUNK = 500
# Up to this many schools (after an import), their territories' summaries are updated for the
# codes that changed rather than recomputed from every school.
FEW = 20
# Beyond this many changed codes, reading them one by one costs more than the full pass
# (2,000 schools: 10 codes 1.3 s, every code 9.8 s, the full pass 3.0 s — académie and
# collectivité, ``benchmarks/territory_summary.py``).
FEW_CODES = 10
HISTOGRAM_BINS = 10


def _plain(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        value = float(value)
    return round(float(value), 4)


def refresh_schools(schools=None, *, summaries: bool = True) -> str:
    """Measure ``schools`` (all by default) and store their values; then refresh the
    summaries of the territories they belong to. Idempotent: a second run rewrites the same."""
    schools_all = schools is None
    queryset = School.objects.order_by("pk") if schools_all else schools
    schools = list(queryset)
    now = timezone.now()
    # A few schools named by the caller (an import): incremental summaries. Every school
    # (nightly): every summary recomputed, which also follows schools that moved.
    few = summaries and not schools_all and 0 < len(schools) <= FEW
    before = (
        {row.school_id: row for row in SchoolIndicators.objects.filter(school__in=schools)}
        if few
        else {}
    )
    after = {}
    for start in range(0, len(schools), CHUNK):
        chunk = schools[start : start + CHUNK]
        measures = registry.measure(chunk)
        rows = []
        for school in chunk:
            values, statuses, gaps, targets, counts = {}, {}, {}, {}, Counter()
            for measure in measures[school.pk]:
                code = measure.indicator.code
                values[code] = _plain(measure.value)
                status = measure.status
                if status != Status.NONE:
                    statuses[code] = status.value
                    counts[status.value] += 1
                if gap := measure.severity:
                    gaps[code] = round(gap, 4)
                if measure.target is not None:
                    targets[code] = _plain(measure.target.reference(measure.judged_on).value)
            rows.append(
                SchoolIndicators(
                    school_id=school.pk,
                    values=values,
                    statuses=statuses,
                    gaps=gaps,
                    targets=targets,
                    alerts=counts[Status.ALERT.value],
                    watches=counts[Status.WATCH.value],
                    refreshed_at=now,
                )
            )
        if few:
            after.update({row.school_id: row for row in rows})
        with transaction.atomic():
            SchoolIndicators.objects.bulk_create(
                rows,
                batch_size=500,
                update_conflicts=True,
                unique_fields=["school"],
                update_fields=[
                    "values",
                    "statuses",
                    "gaps",
                    "targets",
                    "alerts",
                    "watches",
                    "refreshed_at",
                ],
            )
    if few:
        update_summaries(schools, before, after)
    elif summaries and schools:
        refresh_summaries(
            academie_ids={s.academie_id for s in schools},
            collectivite_ids={s.collectivite_id for s in schools},
        )
    return f"{len(schools)} établissement(s) mesuré(s)"


def changed_codes(before: SchoolIndicators, after: SchoolIndicators) -> set[str]:
    """The codes whose value, status or target presence differ: the only stats of the
    territory's summary the new measure can change."""
    codes = {*before.values, *after.values, *before.statuses, *after.statuses}
    codes |= set(before.targets) ^ set(after.targets)
    return {
        code
        for code in codes
        if before.values.get(code) != after.values.get(code)
        or before.statuses.get(code) != after.statuses.get(code)
        or (code in before.targets) != (code in after.targets)
    }


def update_summaries(schools, before: dict, after: dict) -> None:
    """After a few schools were measured (an import): bring their territories' summaries up
    to date by recomputing only the statistics of the codes that changed, reading those
    codes alone across the territory's schools. Identical to :func:`summarise`, which reads
    every value of every school (2.5 s for 7,000 schools, twice per import: académie and
    collectivité). A school measured for the first time changes ``measured``: full pass."""
    territories = {("academie", s.academie_id) for s in schools if s.academie_id}
    territories |= {("collectivite", s.collectivite_id) for s in schools if s.collectivite_id}
    for field, pk in sorted(territories):
        members = [s for s in schools if getattr(s, f"{field}_id") == pk]
        model = Academie if field == "academie" else Collectivite
        with transaction.atomic():
            # One writer per territory at a time: each recomputes from committed values.
            summary = (
                TerritorySummary.objects.select_for_update().filter(**{f"{field}_id": pk}).first()
            )
            if summary is None or any(s.pk not in before for s in members):
                summarise(model.objects.get(pk=pk), field)
                continue
            codes = set().union(*(changed_codes(before[s.pk], after[s.pk]) for s in members))
            if len(codes) > FEW_CODES:
                summarise(model.objects.get(pk=pk), field)
                continue
            if codes:
                summary.stats.update(code_stats(field, pk, sorted(codes)))
                summary.stats = {k: v for k, v in summary.stats.items() if v is not None}
            summary.schools = School.objects.filter(**{f"{field}_id": pk}).count()
            summary.refreshed_at = timezone.now()
            summary.save(update_fields=["stats", "schools", "refreshed_at"])


def code_stats(field: str, pk: int, codes: list[str]) -> dict[str, dict | None]:
    """The statistics of :func:`summarise` for ``codes`` only (``None``: no school of the
    territory has a value any more), from the stored values of the territory's schools."""
    stored = SchoolIndicators.objects.filter(**{f"school__{field}_id": pk})
    names = {}
    for n, code in enumerate(codes):
        names[f"v{n}"] = KeyTransform(code, "values")
        names[f"s{n}"] = KeyTransform(code, "statuses")
    rows = list(stored.annotate(**names).values_list(*names))
    targeted = stored.aggregate(
        **{f"t{n}": Count("pk", filter=Q(targets__has_key=code)) for n, code in enumerate(codes)}
    )
    stats = {}
    for n, code in enumerate(codes):
        values = [float(row[2 * n]) for row in rows if row[2 * n] is not None]
        statuses = Counter(row[2 * n + 1] for row in rows)
        stats[code] = (
            {
                **distribution(values),
                "alert": statuses[Status.ALERT.value],
                "watch": statuses[Status.WATCH.value],
                "ok": statuses[Status.OK.value],
                "targeted": targeted[f"t{n}"],
            }
            if values
            else None
        )
    return stats


def refresh_summaries(academie_ids=None, collectivite_ids=None) -> int:
    """Recompute the summaries of the given territories (all of them by default)."""
    academies = Academie.objects.all()
    collectivites = Collectivite.objects.all()
    if academie_ids is not None:
        academies = academies.filter(pk__in=academie_ids)
    if collectivite_ids is not None:
        collectivites = collectivites.filter(pk__in=collectivite_ids)
    done = 0
    for organisation in [*academies, *collectivites]:
        field = "academie" if isinstance(organisation, Academie) else "collectivite"
        summarise(organisation, field)
        done += 1
    return done


def summarise(organisation, field: str) -> TerritorySummary:
    """One pass over the stored values of the territory's schools (one query)."""
    rows = SchoolIndicators.objects.filter(**{f"school__{field}": organisation}).values_list(
        "values", "statuses", "targets"
    )
    per_code: dict[str, list[float]] = {}
    counted = {status: Counter() for status in (Status.ALERT, Status.WATCH, Status.OK)}
    targeted = Counter()
    measured = 0
    for values, statuses, targets in rows:
        measured += 1
        for code, value in values.items():
            if value is not None:
                per_code.setdefault(code, []).append(float(value))
        for code, status in statuses.items():
            if status in counted:
                counted[status][code] += 1
        targeted.update(targets.keys())
    stats = {
        code: {
            **distribution(values),
            "alert": counted[Status.ALERT][code],
            "watch": counted[Status.WATCH][code],
            "ok": counted[Status.OK][code],
            "targeted": targeted[code],
        }
        for code, values in per_code.items()
    }
    summary, _ = TerritorySummary.objects.update_or_create(
        **{field: organisation},
        defaults={
            "schools": organisation.schools.count(),
            "measured": measured,
            "stats": stats,
            "refreshed_at": timezone.now(),
        },
    )
    return summary


def quantile(ordered: list[float], share: float) -> float:
    """Linear interpolation between the closest ranks (PostgreSQL's ``percentile_cont``)."""
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def distribution(values: list[float]) -> dict:
    ordered = sorted(values)
    low, high = ordered[0], ordered[-1]
    bins = [0] * HISTOGRAM_BINS
    span = high - low
    for value in ordered:
        index = (
            0 if not span else min(int((value - low) / span * HISTOGRAM_BINS), HISTOGRAM_BINS - 1)
        )
        bins[index] += 1
    return {
        "count": len(ordered),
        "min": round(low, 2),
        "q1": round(quantile(ordered, 0.25), 2),
        "median": round(quantile(ordered, 0.5), 2),
        "q3": round(quantile(ordered, 0.75), 2),
        "max": round(high, 2),
        "bins": bins,
    }


def bin_labels(stat: dict, unit: str) -> list[str]:
    """What each bar of a :func:`distribution` covers, the French way (« de 12,5 % à
    18,3 % »): equal slices from the lowest to the highest value; one label when every
    school has the same value (all of them in the first bar)."""
    low, high = stat["min"], stat["max"]
    if low == high:
        return [format_value(low, unit)]
    step = (high - low) / len(stat["bins"])
    edges = [low + step * index for index in range(len(stat["bins"]))] + [high]
    return [
        f"de {format_value(round(start, 2), unit)} à {format_value(round(end, 2), unit)}"
        for start, end in pairwise(edges)
    ]


def territory_medians(school) -> tuple[str, dict]:
    """The stored medians of the school's département or région (its collectivité), to show
    next to each of its values: ``(« Département Loire-Atlantique », {code: median})``. One
    query, never a measure of the other schools."""
    summary = (
        TerritorySummary.objects.filter(collectivite_id=school.collectivite_id)
        .select_related("collectivite")
        .first()
    )
    if summary is None:
        return "", {}
    medians = {code: stat["median"] for code, stat in summary.stats.items()}
    return str(summary.collectivite), medians


@task
def refresh_school_task(school_id: int) -> None:
    """After an import: measure the school again, then its territories' summaries."""
    refresh_schools(School.objects.filter(pk=school_id))


def refresh_after_commit(school_id: int) -> None:
    """Queue the refresh of one school once the import's transaction commits."""
    enqueue_after_commit(refresh_school_task, school_id)


@register_daily("territoires.valeurs", "Valeurs des indicateurs pour les territoires")
def refresh_all() -> str:
    """Every school, then every territory: what the territorial pages read the next day."""
    return refresh_schools()
