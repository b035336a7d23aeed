"""No double booking on PostgreSQL: an exclusion constraint over (resource, time range).

Django's ``ExclusionConstraint`` exists only on PostgreSQL, and the project also runs on
SQLite, so the constraint is not declared on the model (the model state stays the same on
both databases): this migration creates it with SQL when, and only when, the database is
PostgreSQL. On SQLite the booking service checks inside a locked transaction instead
(``pilote.bookings.booking.book``). Only bookings that hold their slot (waiting or confirmed)
take part: a cancelled or refused booking frees it.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINT = "bookings_booking_no_overlap"

CREATE = f"""
ALTER TABLE bookings_booking ADD CONSTRAINT {CONSTRAINT}
EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
WHERE (status IN ('en_attente', 'confirmee'))
"""

DROP = f"ALTER TABLE bookings_booking DROP CONSTRAINT IF EXISTS {CONSTRAINT}"


def on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP), elidable=False),
    ]
