"""Counting in one grouped query what used to be asked row by row.

The nightly refresh of every school's indicators (Usages, Continuité, Données) aggregates each
pupil's accounts and links once, joins them to the pupils, then counts by school or division in
plain SQL: a correlated subquery per pupil and per flag cost most of that refresh. These are the
three pieces those modules share.
"""

from django.db import connection
from django.db.models import Case, Max, Value, When


def any_row(condition=None, **lookups) -> Max:
    """1 when one row of the group meets ``condition`` (or ``lookups``), else 0."""
    return Max(Case(When(condition, then=Value(1), **lookups), default=Value(0)))


def sum_when(condition: str, alias: str) -> str:
    """The SQL of a column counting the rows where ``condition`` (SQL) holds."""
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS {alias}"


def fetch_dicts(sql: str, params) -> list[dict]:
    """The rows of ``sql`` as dictionaries keyed by column name."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]
