"""iCalendar feeds: a person's bookings or a resource's, for calendar applications.

Read through a secret address (see :class:`~pilote.bookings.models.CalendarFeed`), so the feed
says as little as it can: a resource's feed does not name who booked, a person's feed holds
only that person's bookings. Cancelled and refused bookings are left out; a request still
waiting says so in its title.
"""

from datetime import timedelta

from django.utils import timezone

from .choices import BookingStatus
from .models import Booking, CalendarFeed

PAST_DAYS = 31
FUTURE_DAYS = 366


def feed_bookings(feed: CalendarFeed):
    now = timezone.now()
    bookings = (
        Booking.objects.holding()
        .filter(
            school=feed.school,
            starts_at__gte=now - timedelta(days=PAST_DAYS),
            starts_at__lt=now + timedelta(days=FUTURE_DAYS),
        )
        .select_related("resource")
        .order_by("starts_at")
    )
    if feed.resource_id:
        return bookings.filter(resource_id=feed.resource_id)
    return bookings.filter(booked_by_id=feed.owner_id)


def event_of(booking: Booking, *, with_purpose: bool, domain: str):
    """An iCalendar ``Event`` (icalendar is imported here, not when Pilote starts)."""
    from icalendar import Event

    event = Event()
    event.add("uid", f"reservation-{booking.pk}@{domain}")
    event.add("dtstamp", booking.created_at)
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    title = (
        f"{booking.resource} — {booking.purpose}"
        if with_purpose
        else f"{booking.resource} (réservée)"
    )
    if booking.status == BookingStatus.EN_ATTENTE:
        title += " [en attente de validation]"
        event.add("status", "TENTATIVE")
    else:
        event.add("status", "CONFIRMED")
    event.add("summary", title)
    return event


def render_feed(feed: CalendarFeed, domain: str) -> bytes:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//Pilote//Réservations//FR")
    calendar.add("version", "2.0")
    name = f"{feed.resource}" if feed.resource_id else f"Mes réservations — {feed.school}"
    calendar.add("x-wr-calname", name)
    personal = feed.resource_id is None
    for booking in feed_bookings(feed):
        calendar.add_component(event_of(booking, with_purpose=personal, domain=domain))
    return calendar.to_ical()
