"""Recording the indicators every day and reading them back.

:func:`record` measures every indicator of many schools in one grouped pass (the same
registry the cockpits read) and writes only what changed since the day before: one row per
school, indicator and day *of change*. Recording twice the same day leaves the table as one
recording would (idempotent per day): the day's row is rewritten, or removed when the value
came back to the day before's.

:class:`RecordedHistory` answers core's questions (value on a day, series, last change) with
one query each, built on the composite primary key (school, code, day).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from pilote.core.metrics import HistorySource, registry
from pilote.core.models import School

from .models import IndicatorRecord

# Schools measured and written together: bounded memory and statement size at 7,000 schools.
CHUNK = 500
# Values are compared and stored at this precision (rates have one decimal).
PRECISION = 4


def clean(value) -> float | None:
    if value is None:
        return None
    return round(float(value), PRECISION)


def latest(schools, codes: list[str], day: date, field: str = "value") -> dict[int, dict]:
    """``{school_id: {code: field}}`` of the last row on or before ``day``.

    One query: the schools annotated with one correlated sub-query per indicator, each a
    probe of the primary key's index, so its cost does not grow with the history.
    """
    if not schools or not codes:
        return {}
    aliases = {f"c{index}": code for index, code in enumerate(codes)}
    rows = (
        School.objects.filter(pk__in=[school.pk for school in schools])
        .annotate(
            **{
                alias: Subquery(
                    IndicatorRecord.objects.filter(school=OuterRef("pk"), code=code, day__lte=day)
                    .order_by("-day")
                    .values(field)[:1]
                )
                for alias, code in aliases.items()
            }
        )
        .values("pk", *aliases)
    )
    return {
        row["pk"]: {code: row[alias] for alias, code in aliases.items() if row[alias] is not None}
        for row in rows
    }


class RecordedHistory(HistorySource):
    def values_at(self, schools, codes, day):
        return latest(schools, list(codes), day)

    def series(self, school, code, start, end):
        """The value in force on ``start``, then each change up to ``end``."""
        rows = list(
            IndicatorRecord.objects.for_school(school)
            .filter(code=code, day__gt=start, day__lte=end)
            .order_by("day")
            .values_list("day", "value")
        )
        first = latest([school], [code], start).get(school.pk, {}).get(code)
        return ([(start, first)] if first is not None else []) + rows

    def changed_on(self, school, codes, day):
        return latest([school], list(codes), day, field="day").get(school.pk, {})


@dataclass
class RecordingReport:
    day: date
    schools: int = 0
    read: int = 0
    written: int = 0
    removed: int = 0

    def __str__(self) -> str:
        return (
            f"Relevé du {self.day:%d/%m/%Y} : {self.schools} établissement(s), "
            f"{self.read} valeurs lues, {self.written} enregistrée(s), "
            f"{self.removed} retirée(s) (revenues à la valeur de la veille)."
        )


def record(schools=None, day: date | None = None) -> RecordingReport:
    """Record today's value of every indicator of ``schools`` (all schools by default)."""
    day = day or timezone.localdate()
    queryset = School.objects.order_by("pk") if schools is None else schools
    schools = list(queryset)
    report = RecordingReport(day=day, schools=len(schools))
    for start in range(0, len(schools), CHUNK):
        _record_chunk(schools[start : start + CHUNK], day, report)
    return report


def _record_chunk(schools: list, day: date, report: RecordingReport) -> None:
    values = registry.compute(schools)
    codes = [indicator.code for indicator in registry.indicators()]
    before = latest(schools, codes, day - timedelta(days=1))
    today = {
        (school_id, code): value
        for school_id, code, value in IndicatorRecord.objects.filter(
            school__in=schools, day=day
        ).values_list("school_id", "code", "value")
    }
    writes, removals = [], []
    for school in schools:
        previous = before.get(school.pk, {})
        for code, raw in values[school.pk].items():
            value = clean(raw)
            report.read += 1
            key = (school.pk, code)
            if value == previous.get(code):
                if key in today:
                    removals.append(Q(school_id=school.pk, code=code))
            elif key not in today or today[key] != value:
                writes.append(IndicatorRecord(school_id=school.pk, code=code, day=day, value=value))
    with transaction.atomic():
        if writes:
            IndicatorRecord.objects.bulk_create(
                writes,
                batch_size=2000,
                update_conflicts=True,
                unique_fields=["school", "code", "day"],
                update_fields=["value"],
            )
        for start in range(0, len(removals), 200):
            condition = Q()
            for item in removals[start : start + 200]:
                condition |= item
            IndicatorRecord.objects.filter(condition, day=day).delete()
    report.written += len(writes)
    report.removed += len(removals)
