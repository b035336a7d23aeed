"""The journal's hash chain, and DELETE / TRUNCATE refused by the database as well."""

import importlib

from django.db import migrations, models


def chain_existing_entries(apps, schema_editor):
    """Chain the entries written before the chain existed, then protect the table against
    DELETE (and TRUNCATE on PostgreSQL) as well as UPDATE."""
    from pilote.core import chain
    from pilote.core.journal_protection import protect_sql, unprotect_sql

    vendor = schema_editor.connection.vendor
    for statement in unprotect_sql(vendor):
        schema_editor.execute(statement)
    entry_model = apps.get_model("core", "JournalEntry")
    previous = chain.GENESIS
    with schema_editor.connection.cursor() as cursor:
        for entry in entry_model.objects.order_by("pk").iterator(chunk_size=2000):
            entry.details = chain.normalise_details(entry.details)
            entry.ip_address = chain.normalise_ip(entry.ip_address)
            digest = chain.digest(entry, previous)
            cursor.execute(
                "UPDATE core_journalentry SET previous_hash = %s, hash = %s WHERE id = %s",
                [previous, digest, entry.pk],
            )
            previous = digest
    for statement in protect_sql(vendor):
        schema_editor.execute(statement, params=None)


def back_to_update_only(apps, schema_editor):
    from pilote.core.journal_protection import unprotect_sql

    for statement in unprotect_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)
    previous = importlib.import_module("pilote.core.migrations.0002_journal_append_only")
    previous.forwards(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_journal_append_only"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="journalentry",
            options={
                "base_manager_name": "objects",
                "ordering": ["-timestamp", "-pk"],
                "verbose_name": "entrée du journal",
                "verbose_name_plural": "journal de sécurité",
            },
        ),
        migrations.AddField(
            model_name="journalentry",
            name="hash",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="empreinte"
            ),
        ),
        migrations.AddField(
            model_name="journalentry",
            name="previous_hash",
            field=models.CharField(
                blank=True, max_length=64, verbose_name="empreinte de l'entrée précédente"
            ),
        ),
        migrations.RunPython(chain_existing_entries, back_to_update_only),
    ]
