"""Once loaded the missions referential; kept empty so that the migration graph stays the same.

A data migration must not run live code (the loader follows today's models, not this
migration's): the referential is now loaded after every ``migrate`` by
``PiloteModule.sync_referentials`` (``missions/apps.py``).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("missions", "0001_initial")]

    operations = []
