"""``pilote droits_postgresql ROLE``: give the application's PostgreSQL role what it needs and
nothing more — run by the role that owns the tables, after ``pilote migrate``.

The owner (who runs the migrations) keeps the tables; the application's role reads and
writes the data, but may only read and insert journal entries: it cannot update, delete,
truncate, nor disable the journal's triggers (only an owner may). Old entries go through the
purge function, which runs with the owner's rights and refuses anything younger than the
retention floor.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg import sql

from pilote.core.journal_protection import PURGE_FUNCTION

JOURNAL_TABLE = "core_journalentry"


def grant_statements(role: str, owner: str, schema: str) -> list[sql.Composed]:
    role_id, owner_id, schema_id = (
        sql.Identifier(role),
        sql.Identifier(owner),
        sql.Identifier(schema),
    )
    return [
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema_id, role_id),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}").format(
            schema_id, role_id
        ),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(
            schema_id, role_id
        ),
        # Tables and sequences that later migrations create: the same rights.
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} "
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(owner_id, schema_id, role_id),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} "
            "GRANT USAGE, SELECT ON SEQUENCES TO {}"
        ).format(owner_id, schema_id, role_id),
        sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {}.{} FROM {}").format(
            schema_id, sql.Identifier(JOURNAL_TABLE), role_id
        ),
        sql.SQL("REVOKE ALL ON FUNCTION {}.{}(bigint) FROM PUBLIC").format(
            schema_id, sql.Identifier(PURGE_FUNCTION)
        ),
        sql.SQL("GRANT EXECUTE ON FUNCTION {}.{}(bigint) TO {}").format(
            schema_id, sql.Identifier(PURGE_FUNCTION), role_id
        ),
    ]


class Command(BaseCommand):
    help = (
        "PostgreSQL : donne au rôle de l'application la lecture et l'écriture des données, "
        "mais seulement la lecture et l'ajout au journal (à lancer par le propriétaire des "
        "tables après chaque « pilote migrate »)."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="rôle PostgreSQL avec lequel Pilote se connecte")

    def handle(self, *args, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Cette commande ne concerne que PostgreSQL.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_schema()")
            owner, schema = cursor.fetchone()
            cursor.execute(
                "SELECT tableowner FROM pg_tables WHERE schemaname = %s AND tablename = %s",
                [schema, JOURNAL_TABLE],
            )
            table_owner = (cursor.fetchone() or ["?"])[0]
            if table_owner != owner:
                raise CommandError(
                    f"Lancez la commande avec le rôle propriétaire des tables ({table_owner}), "
                    "celui qui applique les migrations."
                )
            if role == owner:
                raise CommandError(
                    "Le rôle de l'application doit être distinct du propriétaire des tables : "
                    "un propriétaire peut désactiver les protections du journal."
                )
            with transaction.atomic():
                for statement in grant_statements(role, owner, schema):
                    cursor.execute(statement)
        self.stdout.write(
            self.style.SUCCESS(
                f"Droits donnés à {role} : données en lecture et écriture, journal en lecture "
                "et ajout seulement."
            )
        )
