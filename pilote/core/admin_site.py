"""Pilote's administration site: every change made in ``/admin/`` goes to the journal.

Django's own admin log (``LogEntry``) is kept, but it can be edited by a superuser and it
says nothing to the school's head; so each model admin registered on this site — by core or
by any module — also records its additions, changes and deletions in the security journal,
with the request (author, address) and the school concerned.
"""

import json

from django.contrib import admin
from django.contrib.admin.models import LogEntry


class JournaledAdminMixin:
    def log_addition(self, request, obj, message):
        journal_admin_change(request, obj, "ajout", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        journal_admin_change(request, obj, "modification", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            journal_admin_change(request, obj, "suppression", "")
        return super().log_deletions(request, queryset)


def readable(message) -> str:
    """Django's structured change message (« Rôle modifié. ») in plain words."""
    if isinstance(message, list):
        message = json.dumps(message)
    return LogEntry(change_message=message).get_change_message() if message else ""


def school_of(obj):
    from .models import School

    if isinstance(obj, School):
        return None  # a school being deleted cannot be referenced by its own journal entry
    return getattr(obj, "school", None) if getattr(obj, "school_id", None) else None


def journal_admin_change(request, obj, verb: str, message) -> None:
    from .choices import JournalAction
    from .journal import record

    change = readable(message)
    record(
        JournalAction.ADMIN_CHANGE,
        f"Administration — {verb} : {obj._meta.verbose_name} « {obj} »"
        + (f" — {change}" if change else ""),
        request=request,
        school=school_of(obj),
        model=obj._meta.label,
        object_id=str(obj.pk),
    )


class PiloteAdminSite(admin.AdminSite):
    site_header = "Administration de Pilote"
    site_title = "Pilote"

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        journaled = type(
            admin_class.__name__,
            (JournaledAdminMixin, admin_class),
            {"__module__": admin_class.__module__},
        )
        return super().register(model_or_iterable, journaled, **options)
