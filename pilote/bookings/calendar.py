"""The school calendar: national holidays by zone as data, open days, weekly recurrences.

The national calendar lives in ``referentials/calendrier_scolaire.yaml``; each school gets its
own copy of its zone's periods on first use, so that a local closure (journée banalisée,
examens) or a correction can be entered without touching the national file.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import cache
from pathlib import Path

from django.db import IntegrityError, transaction

from pilote.core.referentials import load

from .choices import ClosureKind, Zone
from .models import ClosedPeriod, SchoolCalendar, TimeSlot

REFERENTIAL = Path(__file__).parent / "referentials" / "calendrier_scolaire.yaml"
DEFAULT_ZONE = Zone.A


@cache
def national_calendar() -> dict:
    return load("bookings", REFERENTIAL.name)


def zone_of_academie(code: str) -> str:
    for zone, codes in national_calendar()["zones"].items():
        if code in codes:
            return zone
    return DEFAULT_ZONE


@dataclass(frozen=True)
class NationalPeriod:
    kind: str
    label: str
    start_date: date
    end_date: date
    school_year: str
    to_confirm: bool


def national_periods(zone: str) -> list[NationalPeriod]:
    """Every holiday, bridge and public holiday of the referential that applies to ``zone``."""
    periods = []
    for year in national_calendar()["annees"]:
        name, to_confirm = year["annee"], year["a_confirmer"]
        for item in year["vacances"]:
            if item.get("zone", zone) == zone:
                periods.append(
                    NationalPeriod(
                        ClosureKind.VACANCES,
                        item["nom"],
                        item["debut"],
                        item["fin"],
                        name,
                        to_confirm,
                    )
                )
        for item in year.get("ponts", []):
            periods.append(
                NationalPeriod(
                    ClosureKind.PONT, item["nom"], item["debut"], item["fin"], name, to_confirm
                )
            )
        for item in year["feries"]:
            periods.append(
                NationalPeriod(
                    ClosureKind.FERIE, item["nom"], item["date"], item["date"], name, False
                )
            )
    return sorted(periods, key=lambda period: period.start_date)


def load_national_periods(school, zone: str) -> int:
    """Copy the zone's national periods to the school (idempotent: existing ones are kept)."""
    existing = set(
        ClosedPeriod.objects.for_school(school).values_list("kind", "label", "start_date")
    )
    missing = [
        ClosedPeriod(
            school=school,
            kind=period.kind,
            label=period.label,
            start_date=period.start_date,
            end_date=period.end_date,
            school_year=period.school_year,
            to_confirm=period.to_confirm,
        )
        for period in national_periods(zone)
        if (period.kind, period.label, period.start_date) not in existing
    ]
    ClosedPeriod.objects.bulk_create(missing)
    return len(missing)


def default_slots(school) -> list[TimeSlot]:
    return [
        TimeSlot(
            school=school,
            code=item["code"],
            start_time=time.fromisoformat(item["debut"]),
            end_time=time.fromisoformat(item["fin"]),
        )
        for item in national_calendar()["creneaux"]
    ]


def calendar_for(school) -> SchoolCalendar:
    """The school's calendar, created on first use with its zone's holidays and usual slots."""
    calendar = SchoolCalendar.objects.for_school(school).first()
    if calendar is not None:
        return calendar
    zone = zone_of_academie(school.academie.code)
    try:
        with transaction.atomic():
            calendar = SchoolCalendar.objects.create(school=school, zone=zone)
            load_national_periods(school, zone)
            if not TimeSlot.objects.for_school(school).exists():
                TimeSlot.objects.bulk_create(default_slots(school))
    except IntegrityError:  # another request created it in the meantime
        calendar = SchoolCalendar.objects.get(school=school)
    return calendar


def change_zone(calendar: SchoolCalendar, zone: str) -> None:
    """Replace the national holidays of the old zone by the new zone's; local closures stay."""
    with transaction.atomic():
        ClosedPeriod.objects.for_school(calendar.school).filter(
            kind__in=[ClosureKind.VACANCES, ClosureKind.PONT]
        ).exclude(school_year="").delete()
        calendar.zone = zone
        calendar.save()
        load_national_periods(calendar.school, zone)


class ClosedDays:
    """The days without pupils between two dates, answered without further queries."""

    def __init__(self, school, first_day: date, last_day: date, opening_days=None):
        self.opening_days = set(opening_days if opening_days is not None else range(5))
        self.periods = list(
            ClosedPeriod.objects.for_school(school).overlapping(first_day, last_day)
        )

    def closure(self, day: date) -> ClosedPeriod | None:
        for period in self.periods:
            if period.start_date <= day <= period.end_date:
                return period
        return None

    def is_open(self, day: date) -> bool:
        return day.weekday() in self.opening_days and self.closure(day) is None


def closed_days(calendar: SchoolCalendar, first_day: date, last_day: date) -> ClosedDays:
    return ClosedDays(calendar.school, first_day, last_day, calendar.opening_days)


@dataclass
class Recurrence:
    dates: list[date]
    skipped: list[tuple[date, str]]


def weekly_dates(first_day: date, until: date, days: ClosedDays) -> Recurrence:
    """Every week from ``first_day`` to ``until`` on the same weekday, skipping closed days."""
    dates, skipped = [], []
    day = first_day
    while day <= until:
        closure = days.closure(day)
        if closure is not None:
            skipped.append((day, closure.label))
        elif day.weekday() not in days.opening_days:
            skipped.append((day, "établissement fermé ce jour"))
        else:
            dates.append(day)
        day += timedelta(days=7)
    return Recurrence(dates, skipped)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def parse_week(value: str | None, today: date) -> date:
    """The Monday of the week named by ``?semaine=AAAA-MM-JJ`` (any day of it), else today's."""
    if value:
        try:
            return monday_of(date.fromisoformat(value))
        except ValueError:
            pass
    return monday_of(today)
