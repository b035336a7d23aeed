"""Load the national services catalogue (referentials/services_nationaux.yaml)."""

from django.db import migrations


def load(apps, schema_editor):
    from pilote.catalogue.referential import load_national_catalogue

    load_national_catalogue(apps.get_model("catalogue", "Service"))


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_equipement_demande")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
