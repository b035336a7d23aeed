"""Demo data of the pilotage module: fourteen months of plausible history.

Curves and trends must be real on the first day of a demo. Starting from each indicator's value
today, the history is walked back with a seeded random generator: rates drift towards today's
value week after week, counts of people and classes change at the start of a school year, the
freshness of SIECLE and STS (days since the last import) climbs every day and drops at each
import; nothing changes during the summer holidays. Only the days a value changes are written,
as the daily recording does.
"""

import random
import zlib
from datetime import date, timedelta

from django.utils import timezone

from pilote.core.metrics import Unit, registry
from pilote.core.schoolyear import school_year_start

from .history import clean, record
from .models import IndicatorRecord

HISTORY_DAYS = 425  # fourteen months

# Counts that only move when a school year starts (people, classes, services).
YEARLY = ("eleves.actifs", "responsables.total", "divisions.total", "personnels.total")
# Days since the last import: one more every day, back to zero at each import.
FRESHNESS = ("donnees.fraicheur_siecle", "donnees.fraicheur_sts")


def load(demo) -> None:
    today = timezone.localdate()
    back_fill(demo.schools, today)
    record(demo.schools, day=today)


def back_fill(schools, today: date) -> None:
    values = registry.compute(schools)
    rows = []
    for school in schools:
        for indicator in registry.indicators():
            value = values[school.pk].get(indicator.code)
            if value is None:
                continue
            seed = zlib.crc32(f"{school.uai}:{indicator.code}".encode())
            path = walk_back(indicator, float(value), today, random.Random(seed))
            previous = None
            for day, step in path:
                step = clean(step)
                if step != previous:
                    rows.append(
                        IndicatorRecord(school=school, code=indicator.code, day=day, value=step)
                    )
                    previous = step
    IndicatorRecord.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


def walk_back(indicator, today_value: float, today: date, rng: random.Random):
    """``[(day, value)]`` for each of the last :data:`HISTORY_DAYS` days before today."""
    days = [today - timedelta(days=n) for n in range(HISTORY_DAYS, 0, -1)]
    if indicator.code in FRESHNESS:
        return list(zip(days, freshness(days, today_value, today, rng), strict=True))
    if indicator.code in YEARLY:
        return [(day, yearly(day, today, today_value)) for day in days]
    start = starting_value(indicator, today_value, rng)
    path, value = [], start
    for index, day in enumerate(days):
        if day.month != 8 and day.weekday() == 0:  # a new value each Monday, but in August
            progress = index / len(days)
            noise = rng.gauss(0, 0.01) * max(abs(today_value), 10)
            value = start + (today_value - start) * progress + noise
            value = bounded(indicator, value)
        path.append((day, value))
    return path


def starting_value(indicator, today_value: float, rng: random.Random) -> float:
    if indicator.unit == Unit.PERCENT:
        return bounded(indicator, today_value - rng.uniform(-8, 18))
    if indicator.unit == Unit.COUNT:
        return bounded(indicator, today_value * rng.uniform(0.6, 1.5) + rng.randint(0, 4))
    return bounded(indicator, today_value * rng.uniform(0.7, 1.3))


def bounded(indicator, value: float) -> float:
    value = max(value, 0.0)
    if indicator.unit == Unit.PERCENT:
        return round(min(value, 100.0), 1)
    if indicator.unit == Unit.COUNT:
        return float(round(value))
    return round(value, 1)


def yearly(day: date, today: date, today_value: float) -> float:
    """This school year's value, and last year's a little different."""
    if day >= school_year_start(today):
        return today_value
    return float(round(today_value * 0.96))


def freshness(days, today_value: float, today: date, rng: random.Random) -> list[float]:
    """Days since the last import, the last import being ``today_value`` days ago."""
    imports = [today - timedelta(days=int(today_value))]
    while imports[-1] > days[0]:
        imports.append(imports[-1] - timedelta(days=rng.randint(18, 45)))
    imports.sort()
    values, position = [], 0
    for day in days:
        while position + 1 < len(imports) and imports[position + 1] <= day:
            position += 1
        values.append(float(max((day - imports[position]).days, 0)))
    return values
