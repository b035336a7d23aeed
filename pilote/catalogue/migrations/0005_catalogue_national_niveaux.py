"""Reload the national catalogue: fills the fields added since 0003 (« réservé aux »)."""

from django.db import migrations


def load(apps, schema_editor):
    from pilote.catalogue.referential import load_national_catalogue

    load_national_catalogue(apps.get_model("catalogue", "Service"))


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_request_sector")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
