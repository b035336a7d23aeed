"""Tables of the security lists."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from pilote.core.tables import BadgeColumn, PiloteTable

from .choices import IncidentStatus, Severity
from .models import Incident

# Long texts wrap so that every column stays on screen.
WRAP = {"td": {"style": "white-space: normal; min-width: 12rem"}}
SEVERITY_BADGES = {
    Severity.MINOR: "fr-badge--info",
    Severity.MODERATE: "fr-badge--new",
    Severity.SERIOUS: "fr-badge--warning",
    Severity.CRITICAL: "fr-badge--error",
}
STATUS_BADGES = {
    IncidentStatus.OPEN: "fr-badge--warning",
    IncidentStatus.REPORTED: "fr-badge--info",
    IncidentStatus.IN_PROGRESS: "fr-badge--new",
    IncidentStatus.CLOSED: "fr-badge--success",
}


class IncidentTable(PiloteTable):
    reference = tables.Column(verbose_name="Réf.", accessor="number", order_by="number")
    title = tables.Column(verbose_name="Intitulé", attrs=WRAP)
    detected_at = tables.DateTimeColumn(verbose_name="Détecté le", format="d/m/Y H:i")
    category = tables.Column(verbose_name="Catégorie", attrs=WRAP)
    severity = BadgeColumn(SEVERITY_BADGES, icon=False, verbose_name="Gravité")
    personal_data = tables.BooleanColumn(verbose_name="Données perso.", yesno="Oui,Non")
    status = BadgeColumn(STATUS_BADGES, icon=False, verbose_name="Statut")

    class Meta(PiloteTable.Meta):
        model = Incident
        fields = (
            "reference",
            "title",
            "detected_at",
            "category",
            "severity",
            "personal_data",
            "status",
        )
        empty_text = "Aucun incident enregistré."

    def detail_url(self, record) -> str:
        """One ``reverse`` per school rather than per row (lists are long)."""
        cache = self.__dict__.setdefault("_detail_prefixes", {})
        if record.school_id not in cache:
            url = reverse("security:incident_detail", args=[record.school.uai, 0])
            cache[record.school_id] = url.removesuffix("0/")
        return f"{cache[record.school_id]}{record.pk}/"

    def render_reference(self, record):
        return record.reference

    def render_title(self, record, value):
        return format_html('<a href="{}">{}</a>', self.detail_url(record), value)

    def value_title(self, record, value):
        return value


class TerritoryIncidentTable(IncidentTable):
    # The school and the incident's reference (its link) name the row: always shown.
    fixed_columns = ("school", "reference")
    default_columns = ("title", "detected_at", "severity", "personal_data", "status")

    school = tables.Column(verbose_name="Établissement", order_by="school__name")

    class Meta(IncidentTable.Meta):
        sequence = ("school", "...")

    def render_school(self, record):
        return format_html("{}<br><small>{}</small>", record.school.name, record.school.uai)

    def value_school(self, record):
        return f"{record.school.name} ({record.school.uai})"
