"""The database itself refuses to change the journal (append-only, traçabilité).

UPDATE is refused on every engine; DELETE is refused on PostgreSQL (SQLite's test flush
empties tables with DELETE, PostgreSQL's with TRUNCATE, which row triggers do not see).
"""

from django.db import migrations

SQLITE = [
    """
    CREATE TRIGGER core_journalentry_no_update BEFORE UPDATE ON core_journalentry
    BEGIN SELECT RAISE(ABORT, 'journal: append-only'); END;
    """,
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS core_journalentry_no_update;"]

POSTGRES = [
    """
    CREATE OR REPLACE FUNCTION core_journalentry_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'journal: append-only'; END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER core_journalentry_no_change BEFORE UPDATE OR DELETE ON core_journalentry
    FOR EACH ROW EXECUTE FUNCTION core_journalentry_append_only();
    """,
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS core_journalentry_no_change ON core_journalentry;",
    "DROP FUNCTION IF EXISTS core_journalentry_append_only();",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = (
        POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    )
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
