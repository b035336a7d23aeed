"""Tables of the « Assistance » module."""

import django_tables2 as tables
from django.utils.html import format_html

from pilote.core.tables import BadgeColumn, PiloteTable

from .choices import RequestStatus
from .models import SupportRequest

STATUS_BADGES = {
    RequestStatus.NOUVELLE: "fr-badge--new",
    RequestStatus.PRISE_EN_CHARGE: "fr-badge--info",
    RequestStatus.EN_ATTENTE: "fr-badge--warning",
    RequestStatus.RESOLUE: "fr-badge--success",
    RequestStatus.CLOSE: "",
}


class SupportRequestTable(PiloteTable):
    # Category and requester are one tick away.
    default_columns = (
        "title",
        "subject",
        "recipient",
        "status",
        "created_at",
        "due_date",
        "assignee",
    )
    reference = tables.Column(
        verbose_name="N°", linkify=True, order_by=("pk",), attrs={"td": {"class": "pilote-nowrap"}}
    )
    title = tables.Column(verbose_name="Objet")
    category = tables.Column(verbose_name="Catégorie")
    subject = tables.Column(verbose_name="Concerne", orderable=False, default="—")
    recipient = tables.Column(verbose_name="Destinataire")
    status = BadgeColumn(STATUS_BADGES, icon=False, verbose_name="État")
    created_at = tables.DateTimeColumn(verbose_name="Déposée le", format="d/m/Y")
    due_date = tables.DateColumn(verbose_name="À traiter avant le", format="d/m/Y")
    requester = tables.Column(
        verbose_name="Demandeur", order_by=("requester__last_name",), default="—"
    )
    assignee = tables.Column(verbose_name="Pris en charge par", default="—", orderable=False)

    class Meta(PiloteTable.Meta):
        model = SupportRequest
        fields = (
            "reference",
            "title",
            "subject",
            "recipient",
            "status",
            "created_at",
            "due_date",
            "assignee",
        )
        empty_text = "Aucune demande d'assistance."

    def render_due_date(self, record, value):
        if record.is_late:
            return format_html(
                '{} <span class="fr-badge fr-badge--sm fr-badge--error">Hors délai</span>',
                value.strftime("%d/%m/%Y"),
            )
        return value.strftime("%d/%m/%Y")

    def value_due_date(self, record):
        return record.due_date.strftime("%d/%m/%Y")


class QueueTable(SupportRequestTable):
    default_columns = ("school", "title", "status", "due_date", "assignee")

    school = tables.Column(verbose_name="Établissement", order_by=("school__name",))

    class Meta(SupportRequestTable.Meta):
        fields = (
            "reference",
            "school",
            "title",
            "subject",
            "status",
            "due_date",
            "assignee",
        )
        exclude = ("recipient", "requester", "category", "created_at")
