"""The database itself refuses to change incident timelines and sent reports (traçabilité).

Same rule as core's journal: UPDATE is refused on every engine, DELETE on PostgreSQL (SQLite's
test flush empties tables with DELETE, PostgreSQL's with TRUNCATE, which row triggers ignore).
"""

from django.db import migrations

TABLES = ["security_incidentevent", "security_incidentreport"]


def sqlite_statements(table: str) -> list[str]:
    return [
        f"""
        CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{table}: append-only'); END;
        """
    ]


def postgres_statements(table: str) -> list[str]:
    return [
        f"""
        CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION security_append_only();
        """
    ]


POSTGRES_FUNCTION = """
    CREATE OR REPLACE FUNCTION security_append_only() RETURNS trigger AS $$
    -- No percent sign anywhere: the driver would read it as a query parameter.
    BEGIN RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ': append-only'; END;
    $$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(POSTGRES_FUNCTION)
    for table in TABLES:
        for statement in postgres_statements(table) if postgres else sqlite_statements(table):
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for table in TABLES:
        if postgres:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table};")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")
    if postgres:
        schema_editor.execute("DROP FUNCTION IF EXISTS security_append_only();")


class Migration(migrations.Migration):
    dependencies = [("security", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
