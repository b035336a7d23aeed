"""Recording a school's indicators right after one of its imports is applied.

``core.importing.run_import`` journals every applied import (``IMPORT_APPLIED``) inside its
transaction; once that transaction commits, the school's values are recorded, so the history
shows the day's change without waiting for the nightly recording.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from pilote.core.choices import JournalAction
from pilote.core.models import JournalEntry

from .tasks import record_school


@receiver(post_save, sender=JournalEntry)
def record_after_import(sender, instance, created, **kwargs):
    if created and instance.action == JournalAction.IMPORT_APPLIED and instance.school_id:
        school_id = instance.school_id
        transaction.on_commit(lambda: record_school.enqueue(school_id))
