from django.db import migrations


def load(apps, schema_editor):
    from pilote.missions.referential import sync_missions

    sync_missions(apps.get_model("missions", "Mission"))


class Migration(migrations.Migration):
    dependencies = [
        ("missions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
