"""Reading and writing hundreds of thousands of rows of a table as one Polars frame.

A year's connection log of a lycée sums to a few hundred thousand person-weeks. Building a
Python object, or even a tuple, per row costs more than everything else of the import: here
the rows travel between Polars and the database as one JSON document per chunk, which the
database unpacks itself (``json_each`` in SQLite, ``json_populate_recordset`` in PostgreSQL),
and the history rows « Annuler cet import » reads are copied by the database too.

Polars is imported inside the functions: only the imports that need it pay for it.
"""

import json

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

from .revert import write_history_rows, write_history_since

CHUNK_ROWS = 50_000


def read_frame(sql: str, params: list, schema: dict):
    """The rows of ``sql`` as a frame of ``schema`` (name → Polars type). Date columns are
    selected as text (``CAST(… AS TEXT)``) and parsed by Polars, not one by one in Python."""
    import polars as pl

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    raw = {name: (pl.String if dtype == pl.Date else dtype) for name, dtype in schema.items()}
    frame = pl.DataFrame(rows, schema=raw, orient="row")
    dates = [name for name, dtype in schema.items() if dtype == pl.Date]
    return frame.with_columns(pl.col(name).str.to_date("%Y-%m-%d") for name in dates)


def insert_frame(model, frame, *, school_id: int, user=None) -> int:
    """Insert the rows of ``frame`` (its columns are field attnames of ``model``, one of them
    ``school_id``) with their history rows; the number of rows created.

    The school's new rows are those above the largest primary key before the insert (inside
    the import's transaction): one statement copies them all to the history table."""
    if not frame.height:
        return 0
    quote = connection.ops.quote_name
    table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
    frame = _by_column(model, frame)
    statement = _insert_statement(model, frame.columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({key}) FROM {table}")
        highest = cursor.fetchone()[0] or 0
        for chunk in frame.iter_slices(CHUNK_ROWS):
            cursor.execute(statement, [chunk.write_json()])
    return write_history_since(model, school_id=school_id, above=highest, user=user)


def insert_rows(model, rows: list[dict]) -> None:
    """Insert ``rows`` (dictionaries of field names → values; the others take their
    defaults) in one statement per chunk, without history rows nor model instances.

    For generated data only (the demo's lighter schools): no import to undo, and tens of
    thousands of rows whose model instances would cost Django more than the inserts cost the
    database. Imports go through :func:`insert_frame` and keep their history."""
    if not rows:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    known = {field.name for field in fields} | {field.attname for field in fields}
    unknown = {name for row in rows for name in row} - known
    if unknown:
        # A misspelt name would otherwise leave its field to the default, unnoticed.
        raise ValueError(f"{model.__name__}: champs inconnus {sorted(unknown)}")
    now = timezone.now()
    defaults = {field.name: now if _stamped(field) else field.get_default() for field in fields}
    database = connections[DEFAULT_DB_ALIAS]
    documents = [
        {
            field.column: _json_ready(field, _row_value(row, defaults, field), database)
            for field in fields
        }
        for row in rows
    ]
    statement = _insert_statement(model, [field.column for field in fields])
    with connection.cursor() as cursor:
        for start in range(0, len(documents), CHUNK_ROWS):
            chunk = documents[start : start + CHUNK_ROWS]
            cursor.execute(statement, [json.dumps(chunk, default=str)])


def _stamped(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _row_value(row: dict, defaults: dict, field):
    if field.name in row:
        value = row[field.name]
        return value.pk if field.is_relation and isinstance(value, models.Model) else value
    return row[field.attname] if field.attname in row else defaults[field.name]


def _insert_statement(model, columns) -> str:
    quote = connection.ops.quote_name
    values = ", ".join(_json_value(column, "j") for column in columns)
    return (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"SELECT {values} FROM {_json_source(model, 'j')}"
    )


def update_frame(model, frame, *, user=None) -> None:
    """Set, for each row of ``frame`` (its primary key in column ``pk``, then field
    attnames), the given fields, with one history row per updated row."""
    if not frame.height:
        return
    pks = frame.get_column("pk").to_list()
    frame = _by_column(model, frame)
    statement = _update_statement(model, frame.columns)
    with connection.cursor() as cursor:
        for chunk in frame.iter_slices(CHUNK_ROWS):
            cursor.execute(statement, [chunk.write_json()])
    write_history_rows(model, pks, "~", reason="", user=user)


def update_instances(model, rows: list, field_names) -> None:
    """Write ``field_names`` of the model instances ``rows`` in one statement per chunk.

    Django's ``bulk_update`` builds, for each field, a CASE with one WHEN per row, and spends
    more time building those expressions than the database spends running them (1,600 ENT
    accounts × 8 fields: 20 s of the demo's 35 s under the profiler). Here the values travel
    as one JSON document, prepared for the database by each field as Django would save it."""
    fields = [model._meta.get_field(name) for name in sorted(set(field_names))]
    key = model._meta.pk
    database = connections[DEFAULT_DB_ALIAS]
    documents = [
        {
            key.column: _json_ready(key, row.pk, database),
            **{
                field.column: _json_ready(field, getattr(row, field.attname), database)
                for field in fields
            },
        }
        for row in rows
    ]
    statement = _update_statement(model, [key.column, *(field.column for field in fields)])
    with connection.cursor() as cursor:
        for start in range(0, len(documents), CHUNK_ROWS):
            chunk = documents[start : start + CHUNK_ROWS]
            cursor.execute(statement, [json.dumps(chunk, default=str)])


def _update_statement(model, columns) -> str:
    """``UPDATE`` of ``columns`` from the JSON parameter, matched on the primary key column
    (one of ``columns``)."""
    quote = connection.ops.quote_name
    table, key = quote(model._meta.db_table), model._meta.pk.column
    assignments = ", ".join(
        f"{quote(column)} = {_json_value(column, 'j')}" for column in columns if column != key
    )
    return (
        f"UPDATE {table} SET {assignments} FROM {_json_source(model, 'j')} "
        f"WHERE {table}.{quote(key)} = {_json_value(key, 'j')}"
    )


# Values a field other than JSON stores as they are: asking the field (through Django's
# per-thread connection proxy) cost more than the insert itself for 100,000 rows.
PLAIN = (str, int, bool, float, type(None))


def _json_ready(field, value, database=None):
    """``value`` as the database stores it, for a JSON document: PostgreSQL reads dates,
    decimals and JSON values back into the column's type; SQLite stores what Django gives.
    ``database``: the connection itself, looked up once by the caller."""
    database = database or connections[DEFAULT_DB_ALIAS]
    json_field = isinstance(field, models.JSONField)
    if type(value) in PLAIN and not json_field:
        return value
    if json_field and database.vendor == "postgresql":
        return value
    return field.get_db_prep_save(value, database)


def _by_column(model, frame):
    """The frame with its columns named as the table's (``pk`` → the primary key column)."""
    names = {
        name: model._meta.pk.column if name == "pk" else model._meta.get_field(name).column
        for name in frame.columns
    }
    return frame.rename(names)


def _json_source(model, alias: str) -> str:
    """The JSON parameter (an array of objects keyed by column) as rows, in the database's
    own dialect: typed as the table's columns in PostgreSQL."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        return f"json_populate_recordset(NULL::{table}, %s::json) AS {alias}"
    return f"json_each(%s) AS {alias}"


def _json_value(column: str, alias: str) -> str:
    """One column of a JSON row (dates are ISO text in SQLite, as Django stores them)."""
    if connection.vendor == "postgresql":
        return f"{alias}.{connection.ops.quote_name(column)}"
    return f"json_extract({alias}.value, '$.{column}')"
