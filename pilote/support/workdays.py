"""Working days in France: weekends and the eleven public holidays are not counted.

Target times of the assistance are promised in working days. Easter-based holidays (lundi de
Pâques, Ascension, lundi de Pentecôte) move every year, so they are computed, not listed.
Alsace-Moselle's two extra days (Vendredi saint, 26 décembre) are not counted: Pilote's
schools follow the general calendar.
"""

from datetime import date, timedelta
from functools import cache


def easter_sunday(year: int) -> date:
    """Anonymous Gregorian algorithm (Meeus / Jones / Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[date]:
    easter = easter_sunday(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    movable = [easter + timedelta(days=offset) for offset in (1, 39, 50)]
    return frozenset([date(year, month, day) for month, day in fixed] + movable)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The date ``count`` working days after ``start`` (``start`` itself not counted)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; 0 when ``end`` ≤ ``start``."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
