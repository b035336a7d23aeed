"""Target times count working days: no weekends, no French public holidays."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from pilote.support.workdays import (
    add_working_days,
    easter_sunday,
    is_working_day,
    public_holidays,
    working_days_between,
)


def test_easter_dates_known_years():
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2025) == date(2025, 4, 20)
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2038) == date(2038, 4, 25)


def test_2026_has_the_eleven_public_holidays():
    holidays = public_holidays(2026)
    assert len(holidays) == 11
    assert date(2026, 4, 6) in holidays  # lundi de Pâques
    assert date(2026, 5, 14) in holidays  # Ascension
    assert date(2026, 5, 25) in holidays  # lundi de Pentecôte
    assert date(2026, 7, 14) in holidays


def test_weekends_and_holidays_are_not_worked():
    assert not is_working_day(date(2026, 5, 1))  # vendredi 1er mai
    assert not is_working_day(date(2026, 5, 2))  # samedi
    assert is_working_day(date(2026, 5, 4))


def test_adding_days_skips_the_long_may_weekend():
    # Thursday 30 April 2026 + 1 working day: Friday 1 May is off, then the weekend.
    assert add_working_days(date(2026, 4, 30), 1) == date(2026, 5, 4)
    # Ascension Thursday and the Friday after: Wednesday 13 May + 2 → Monday 18 May.
    assert add_working_days(date(2026, 5, 13), 2) == date(2026, 5, 18)


def test_counting_between_dates():
    assert working_days_between(date(2026, 4, 30), date(2026, 5, 4)) == 1
    assert working_days_between(date(2026, 5, 4), date(2026, 5, 4)) == 0
    assert working_days_between(date(2026, 5, 8), date(2026, 5, 1)) == 0


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 1)),
    st.integers(min_value=0, max_value=40),
)
def test_counting_undoes_adding(start, days):
    end = add_working_days(start, days)
    assert working_days_between(start, end) == days
    assert days == 0 or is_working_day(end)
