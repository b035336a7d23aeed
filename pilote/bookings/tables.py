"""Lists of the « Réservations » module."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from pilote.core.tables import BadgeColumn, PiloteTable

from .choices import BookingStatus
from .models import Booking, Loan, Resource

STATUS_BADGES = {
    BookingStatus.EN_ATTENTE: "fr-badge--warning",
    BookingStatus.CONFIRMEE: "fr-badge--success",
    BookingStatus.REFUSEE: "fr-badge--error",
    BookingStatus.ANNULEE: "",
}


def school_url(name: str, record, **kwargs) -> str:
    return reverse(f"bookings:{name}", kwargs={"uai": record.school.uai, **kwargs})


class ResourceTable(PiloteTable):
    name = tables.Column(
        verbose_name="Ressource",
        linkify=lambda record: school_url("resource_detail", record, pk=record.pk),
    )
    kind = tables.Column(verbose_name="Type")
    parc_item = tables.Column(
        verbose_name="Dans le parc", accessor="room", empty_values=(), orderable=False
    )
    requires_approval = tables.BooleanColumn(verbose_name="Validation", yesno="oui,non")
    is_active = tables.BooleanColumn(verbose_name="Réservable", yesno="oui,non")
    week = tables.Column(
        verbose_name="Planning", accessor="pk", orderable=False, exclude_from_export=True
    )

    class Meta(PiloteTable.Meta):
        model = Resource
        fields = ("name", "kind", "parc_item", "requires_approval", "is_active", "week")
        empty_text = "Aucune ressource réservable : ajoutez une salle ou un équipement du parc."

    def render_parc_item(self, record):
        return str(record.room or record.equipment)

    def render_week(self, record):
        return format_html(
            '<a class="fr-link" href="{}">Voir la semaine'
            '<span class="fr-sr-only"> de {}</span></a>',
            school_url("resource_week", record, pk=record.pk),
            record.name,
        )


class BookingTable(PiloteTable):
    starts_at = tables.Column(
        verbose_name="Quand",
        linkify=lambda record: school_url("booking_detail", record, pk=record.pk),
    )
    resource = tables.Column(verbose_name="Ressource", order_by=("resource__name",))
    purpose = tables.Column(verbose_name="Objet")
    booked_by = tables.Column(
        verbose_name="Réservée par", order_by=("booked_by__last_name", "booked_by__first_name")
    )
    status = BadgeColumn(STATUS_BADGES, verbose_name="Statut")
    series = tables.Column(verbose_name="Série", orderable=False, default="—")

    class Meta(PiloteTable.Meta):
        model = Booking
        fields = ("starts_at", "resource", "purpose", "booked_by", "status", "series")
        empty_text = "Aucune réservation."

    def render_starts_at(self, record):
        start = timezone.localtime(record.starts_at)
        end = timezone.localtime(record.ends_at)
        return f"{start:%d/%m/%Y} {start:%H:%M}–{end:%H:%M}"

    def value_starts_at(self, record):
        return timezone.localtime(record.starts_at).strftime("%d/%m/%Y %H:%M")

    def render_series(self, record):
        return f"chaque semaine jusqu'au {record.series.until_date:%d/%m/%Y}"


class LoanTable(PiloteTable):
    equipment = tables.Column(
        verbose_name="Équipement",
        linkify=lambda record: school_url("loan_detail", record, pk=record.pk),
        order_by=("equipment__category", "equipment__inventory_number"),
    )
    borrower_name = tables.Column(verbose_name="Emprunteur")
    borrower_kind = tables.Column(verbose_name="Élève ou personnel")
    checked_out_on = tables.DateColumn(verbose_name="Prêté le", format="d/m/Y")
    due_on = tables.DateColumn(verbose_name="À rendre le", format="d/m/Y")
    returned_on = tables.DateColumn(verbose_name="Rendu le", format="d/m/Y", default="—")
    state = tables.Column(verbose_name="État", accessor="pk", orderable=False)
    charter_accepted_on = tables.DateColumn(verbose_name="Charte acceptée le", format="d/m/Y")

    class Meta(PiloteTable.Meta):
        model = Loan
        fields = (
            "equipment",
            "borrower_name",
            "borrower_kind",
            "checked_out_on",
            "due_on",
            "returned_on",
            "state",
            "charter_accepted_on",
        )
        empty_text = "Aucun prêt."

    def render_state(self, record):
        if not record.is_open:
            return mark_safe('<span class="fr-badge fr-badge--sm">Rendu</span>')
        if record.is_overdue:
            return format_html(
                '<span class="fr-badge fr-badge--sm fr-badge--error">En retard de {} j</span>',
                record.days_overdue,
            )
        return mark_safe('<span class="fr-badge fr-badge--sm fr-badge--info">En cours</span>')

    def value_state(self, record):
        if not record.is_open:
            return "Rendu"
        return f"En retard de {record.days_overdue} j" if record.is_overdue else "En cours"
