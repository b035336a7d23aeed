from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Academie, Collectivite, ImportBatch, JournalEntry, Membership, School, User

admin.site.register(User, UserAdmin)


@admin.register(Academie, Collectivite)
class OrganisationAdmin(SimpleHistoryAdmin):
    search_fields = ["name", "code"]


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["uai", "name", "type", "commune", "collectivite", "academie"]
    list_filter = ["type", "academie"]
    search_fields = ["uai", "name", "commune"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "school", "collectivite", "academie", "start_date", "end_date"]
    list_filter = ["role"]
    raw_id_fields = ["user", "school"]


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin):
    """Read-only: the journal is append-only, even for administrators."""

    list_display = ["timestamp", "action", "actor_label", "school", "summary"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "filename", "school", "status"]
    readonly_fields = ["summary", "metadata"]
