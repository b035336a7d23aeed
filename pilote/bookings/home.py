"""Réservations on a person's home page: « Mes réservations » and « Mes prêts »."""

from django.urls import reverse
from django.utils import timezone

from pilote.core.choices import Domain, Level
from pilote.core.home import MineGroup, MineItem, register_mine

from .models import Booking, Loan

SHOWN = 5


@register_mine
def my_bookings(context) -> MineGroup | None:
    if not context.capabilities.can(Domain.RESERVATIONS, Level.VIEW):
        return None
    bookings = (
        Booking.objects.holding()
        .for_school(context.school)
        .filter(booked_by=context.user, ends_at__gte=timezone.now())
        .select_related("resource")
        .order_by("starts_at")[:SHOWN]
    )
    uai = context.school.uai
    return MineGroup(
        title="Mes réservations",
        items=[
            MineItem(
                str(b.resource),
                reverse("bookings:booking_detail", kwargs={"uai": uai, "pk": b.pk}),
                f"{timezone.localtime(b.starts_at):%d/%m/%Y à %H:%M}, "
                f"{b.get_status_display().lower()}",
            )
            for b in bookings
        ],
        more_url=reverse("bookings:booking_list", kwargs={"uai": uai}),
        empty="Aucune réservation à venir.",
        order=10,
    )


@register_mine
def my_loans(context) -> MineGroup | None:
    """Devices the person lent and that are not back yet."""
    if not context.capabilities.can(Domain.RESERVATIONS, Level.EDIT):
        return None
    loans = (
        Loan.objects.open()
        .for_school(context.school)
        .filter(lent_by=context.user)
        .select_related("equipment")
        .order_by("due_on")[:SHOWN]
    )
    today = timezone.localdate()
    return MineGroup(
        title="Mes prêts",
        items=[
            MineItem(
                str(loan.equipment),
                "",
                f"à rendre le {loan.due_on:%d/%m/%Y}"
                + (" (en retard)" if loan.due_on < today else ""),
            )
            for loan in loans
        ],
        empty="Aucun prêt en cours que vous ayez fait.",
        order=20,
    )
