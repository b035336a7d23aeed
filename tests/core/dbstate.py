"""States of the database to compare before and after: a school's imported data (a reverted
import leaves it exactly as it was) and the row counts of every table (a refused request
writes nothing but its own bookkeeping)."""

from django.apps import apps
from django.db import connection

from pilote.core.revert import school_models

# Rows a refused request may add: the refusal itself, sessions, login bookkeeping.
BOOKKEEPING = {"core.journalentry", "sessions.session", "core.usersession"}


def database_snapshot() -> dict[str, int]:
    """Row count of every table but the bookkeeping ones: equal before and after means nothing
    was written (a refused form must not create, change the history of, or delete anything).
    One query for all the tables."""
    tables = {
        model._meta.label_lower: model._meta.db_table
        for model in apps.get_models()
        if model._meta.label_lower not in BOOKKEEPING and not model._meta.proxy
    }
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables.values())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def school_state(school) -> dict[str, list]:
    """Every row of every model with history and a ``school`` field (all its columns), and
    every many-to-many pair of those rows."""
    state = {}
    for model, _history in school_models():
        rows = model._default_manager.filter(school=school)
        columns = [field.attname for field in model._meta.concrete_fields]
        state[model._meta.label] = sorted(rows.values_list(*columns), key=repr)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            owner = field.m2m_field_name() + "_id"
            target = field.m2m_reverse_field_name() + "_id"
            pairs = through.objects.filter(**{f"{owner[:-3]}__school": school})
            state[through._meta.label] = sorted(pairs.values_list(owner, target))
    return state
