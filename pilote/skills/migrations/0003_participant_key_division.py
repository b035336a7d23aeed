"""Participant keys follow schooldata's one ``normalize_division`` (« 3  A » → « 3A »)."""

from django.db import migrations


def rekey(apps, schema_editor):
    """The division part was spaces collapsed and lower case; it becomes no spaces, upper case
    (the rule is copied here, not imported: a migration never runs live code)."""
    Participation = apps.get_model("skills", "Participation")
    changed = []
    for participation in Participation.objects.only("pk", "participant_key").iterator():
        parts = participation.participant_key.split("|", 3)
        if len(parts) != 4:
            continue
        parts[2] = "".join(parts[2].rsplit("$", 1)[-1].split()).upper()
        key = "|".join(parts)[:400]
        if key != participation.participant_key:
            participation.participant_key = key
            changed.append(participation)
    Participation.objects.bulk_update(changed, ["participant_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("skills", "0002_indexes_pupil")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
