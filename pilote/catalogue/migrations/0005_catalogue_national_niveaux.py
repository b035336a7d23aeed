"""Once loaded the national services catalogue (« réservé aux » fields); kept empty so that the migration graph stays the same.

A data migration must not run live code (the loader follows today's models, not this
migration's): the referential is now loaded after every ``migrate`` by
``PiloteModule.sync_referentials`` (``catalogue/apps.py``).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_request_sector")]

    operations = []
