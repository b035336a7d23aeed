"""The French school year, September to August: one definition for every module that needs it."""

from datetime import date


def school_year_of(day: date) -> int:
    """The calendar year the school year of ``day`` starts in (2025 for 2025-2026)."""
    return day.year if day.month >= 9 else day.year - 1


def school_year_start(day: date) -> date:
    return date(school_year_of(day), 9, 1)


def school_year_end(day: date) -> date:
    return date(school_year_of(day) + 1, 8, 31)


def school_year_label(start_year: int) -> str:
    return f"{start_year}-{start_year + 1}"
