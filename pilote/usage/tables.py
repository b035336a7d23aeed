"""The follow-up list: one line per pupil or family to help, with the means to reach them."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from pilote.core.tables import PiloteTable

from .models import FollowUp


def legal_guardians(record: FollowUp):
    return [link.guardian for link in record.pupil.guardian_links.all() if link.is_legal]


def contact_lines(record: FollowUp) -> list[tuple[str, str]]:
    lines = []
    for guardian in legal_guardians(record):
        means = [m for m in (guardian.mobile, guardian.email) if m] or ["aucun moyen de contact"]
        lines.append((str(guardian), ", ".join(means)))
    return lines


class FollowUpTable(PiloteTable):
    division = tables.Column(verbose_name="Division", accessor="pupil__division__code", default="—")
    pupil = tables.Column(verbose_name="Élève", order_by=("pupil__last_name", "pupil__first_name"))
    reason = tables.Column(verbose_name="Situation")
    contacts = tables.Column(
        verbose_name="Responsables légaux",
        empty_values=(),
        orderable=False,
        attrs={"td": {"style": "overflow-wrap: anywhere"}},
    )
    status = tables.Column(verbose_name="Suivi")
    assignee = tables.Column(verbose_name="Chargé du suivi", default="—")
    detected_on = tables.DateColumn(verbose_name="Constatée le", format="d/m/Y")

    class Meta(PiloteTable.Meta):
        model = FollowUp
        fields = ("division", "pupil", "reason", "contacts", "status", "assignee", "detected_on")
        order_by = ("division", "pupil")
        empty_text = "Aucun élève ni aucune famille à accompagner."

    def render_pupil(self, record, value):
        url = reverse("usage:case_detail", kwargs={"uai": record.school.uai, "pk": record.pk})
        return format_html('<a href="{}">{}</a>', url, value)

    def render_contacts(self, record):
        lines = contact_lines(record)
        if not lines:
            return "aucun responsable légal connu"
        return format_html_join(mark_safe("<br>"), "{} : {}", lines)

    def value_contacts(self, record):
        return " ; ".join(f"{name} : {means}" for name, means in contact_lines(record))

    def value_pupil(self, record):
        return str(record.pupil)
