"""The school calendar: the national referential, the school's copy, weekly recurrences."""

from datetime import date, timedelta

import pytest

from pilote.bookings.calendar import (
    calendar_for,
    change_zone,
    closed_days,
    national_calendar,
    national_periods,
    weekly_dates,
    zone_of_academie,
)
from pilote.bookings.choices import ClosureKind, Zone
from pilote.bookings.models import ClosedPeriod, TimeSlot


def test_referential_covers_three_school_years_for_every_zone():
    years = [year["annee"] for year in national_calendar()["annees"]]
    assert years == ["2025-2026", "2026-2027", "2027-2028"]
    for zone in Zone.values:
        periods = national_periods(zone)
        for year in years:
            holidays = [p for p in periods if p.school_year == year and p.kind == "vacances"]
            names = {p.label for p in holidays}
            assert {"Vacances d'hiver", "Vacances de printemps", "Vacances de Noël"} <= names
            for period in holidays:
                assert period.start_date.weekday() == 5, period  # holidays start on a Saturday
                assert period.end_date >= period.start_date


def test_public_holidays_fall_on_their_weekday():
    for year in national_calendar()["annees"]:
        days = {item["nom"]: item["date"] for item in year["feries"]}
        assert days["Lundi de Pâques"].weekday() == 0
        assert days["Ascension"].weekday() == 3
        assert days["Lundi de Pentecôte"] - days["Lundi de Pâques"] == timedelta(days=49)
        assert year["ponts"][0]["debut"] == days["Ascension"] + timedelta(days=1)


def test_only_the_official_year_is_not_marked_to_confirm():
    flags = {year["annee"]: year["a_confirmer"] for year in national_calendar()["annees"]}
    assert flags == {"2025-2026": False, "2026-2027": True, "2027-2028": True}


def test_zone_comes_from_the_academie():
    assert zone_of_academie("17") == Zone.B  # Nantes
    assert zone_of_academie("01") == Zone.C  # Paris
    assert zone_of_academie("10") == Zone.A  # Lyon


def test_calendar_is_created_once_with_holidays_and_slots(world):
    calendar = calendar_for(world.college)
    assert calendar.zone == Zone.B
    count = ClosedPeriod.objects.filter(school=world.college).count()
    assert count == len(national_periods(Zone.B))
    assert TimeSlot.objects.filter(school=world.college).count() == 8
    assert calendar_for(world.college).pk == calendar.pk
    assert ClosedPeriod.objects.filter(school=world.college).count() == count
    assert not ClosedPeriod.objects.filter(school=world.lycee).exists()


def test_winter_holidays_of_zone_b_close_the_school(world):
    calendar = calendar_for(world.college)
    days = closed_days(calendar, date(2026, 2, 1), date(2026, 3, 31))
    assert not days.is_open(date(2026, 2, 16))  # zone B: 14 February – 1 March 2026
    assert days.is_open(date(2026, 2, 9))  # zone A was on holiday, not zone B
    assert days.is_open(date(2026, 3, 2))
    assert not days.is_open(date(2026, 3, 7))  # a Saturday


def test_weekly_recurrence_skips_holidays_and_public_holidays(world):
    calendar = calendar_for(world.college)
    first, until = date(2026, 4, 2), date(2026, 5, 28)  # Thursdays
    recurrence = weekly_dates(first, until, closed_days(calendar, first, until))
    skipped = dict(recurrence.skipped)
    assert date(2026, 4, 16) in skipped and date(2026, 4, 23) in skipped  # printemps zone B
    assert skipped[date(2026, 5, 14)] == "Ascension"
    assert date(2026, 4, 30) in recurrence.dates
    assert len(recurrence.dates) + len(recurrence.skipped) == 9


def test_changing_zone_replaces_national_holidays_and_keeps_local_closures(world):
    calendar = calendar_for(world.college)
    ClosedPeriod.objects.create(
        school=world.college,
        kind=ClosureKind.FERMETURE,
        label="Brevet blanc",
        start_date=date(2026, 2, 9),
        end_date=date(2026, 2, 9),
    )
    change_zone(calendar, Zone.A)
    days = closed_days(calendar, date(2026, 2, 1), date(2026, 3, 31))
    assert not days.is_open(date(2026, 2, 10))  # zone A winter holidays
    assert days.is_open(date(2026, 2, 23))  # zone B still on holiday, zone A back
    assert days.closure(date(2026, 2, 9)).label in {"Brevet blanc", "Vacances d'hiver"}
    assert ClosedPeriod.objects.filter(school=world.college, label="Brevet blanc").exists()
    winter = ClosedPeriod.objects.filter(school=world.college, label="Vacances d'hiver")
    assert winter.count() == 3  # one per school year, zone A only


@pytest.mark.parametrize("day", [date(2026, 11, 1), date(2026, 12, 25), date(2027, 5, 6)])
def test_public_holidays_are_copied(world, day):
    calendar = calendar_for(world.college)
    assert closed_days(calendar, day, day).closure(day) is not None
