"""Background work of the pilotage module (Django's task framework)."""

from django.tasks import task

from pilote.core.models import School

from .history import record


@task
def record_school(school_id: int) -> int:
    """Record one school's indicators (after an import): returns the rows written."""
    return record(School.objects.filter(pk=school_id)).written
