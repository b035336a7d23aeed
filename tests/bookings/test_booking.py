"""Booking rules: limits, collisions, recurrences, approval, cancellation."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from pilote.bookings.booking import (
    BookingConflict,
    BookingRefused,
    BookingRequest,
    book,
    cancel,
    decide,
)
from pilote.bookings.calendar import calendar_for, closed_days, weekly_dates
from pilote.bookings.choices import BookingStatus
from pilote.bookings.models import Booking, BookingSeries, ClosedPeriod, local_datetime
from pilote.bookings.perms import approvers_for, pending_for
from pilote.core.choices import Role
from pilote.core.permissions import capabilities_for
from pilote.missions.models import Delegation, Mission
from tests.bookings.factories import BookingFactory, ResourceFactory, open_monday


def request_for(resource, user, day, start=time(8, 0), end=time(8, 55), until=None):
    return BookingRequest(resource, user, "3e A — Pix", day, start, end, until)


def caps(world, username, school=None):
    return capabilities_for(world[username], school or world.college)


@pytest.fixture
def resource(world):
    return ResourceFactory(school=world.college)


def test_a_teacher_books_a_free_slot(world, resource):
    day = open_monday(world.college)
    result = book(request_for(resource, world["prof.college"], day), caps(world, "prof.college"))
    booking = result.bookings[0]
    assert booking.status == BookingStatus.CONFIRMEE
    assert booking.starts_at == local_datetime(day, time(8, 0))
    assert booking.history.count() == 1


def test_an_overlapping_booking_is_refused_and_names_the_colleague(world, resource):
    day = open_monday(world.college)
    book(request_for(resource, world["prof.college"], day), caps(world, "prof.college"))
    with pytest.raises(BookingConflict) as refusal:
        book(
            request_for(resource, world["cpe.college"], day, time(8, 30), time(9, 30)),
            caps(world, "cpe.college"),
        )
    assert str(world["prof.college"]) in refusal.value.messages[0]
    assert Booking.objects.count() == 1


def test_back_to_back_bookings_do_not_collide(world, resource):
    day = open_monday(world.college)
    book(request_for(resource, world["prof.college"], day), caps(world, "prof.college"))
    book(
        request_for(resource, world["cpe.college"], day, time(8, 55), time(9, 50)),
        caps(world, "cpe.college"),
    )
    assert Booking.objects.count() == 2


def test_a_cancelled_booking_frees_the_slot(world, resource):
    day = open_monday(world.college)
    first = book(request_for(resource, world["prof.college"], day), caps(world, "prof.college"))
    cancel(first.bookings[0])
    book(request_for(resource, world["cpe.college"], day), caps(world, "cpe.college"))
    assert Booking.objects.holding().count() == 1


def test_weekly_series_until_june_skips_holidays(world, resource):
    tuesday = open_monday(world.college) + timedelta(days=1)
    until = tuesday + timedelta(weeks=35)
    result = book(
        request_for(resource, world["prof.college"], tuesday, time(10, 5), time(11, 55), until),
        caps(world, "prof.college"),
    )
    assert len(result.bookings) + len(result.skipped) == 36
    assert result.skipped, "36 weeks always cross some holidays"
    assert {
        b.starts_at.astimezone(timezone.get_current_timezone()).weekday() for b in result.bookings
    } == {1}
    assert BookingSeries.objects.get().bookings.count() == len(result.bookings)


def test_a_series_with_one_taken_date_writes_nothing(world, resource):
    tuesday = open_monday(world.college) + timedelta(days=1)
    until = tuesday + timedelta(weeks=10)
    days = closed_days(calendar_for(world.college), tuesday, until)
    last_open_date = weekly_dates(tuesday, until, days).dates[-1]
    BookingFactory(resource=resource, day=last_open_date, start=time(11, 0), end=time(12, 0))
    with pytest.raises(BookingConflict):
        book(
            request_for(
                resource,
                world["prof.college"],
                tuesday,
                time(10, 5),
                time(11, 55),
                until,
            ),
            caps(world, "prof.college"),
        )
    assert Booking.objects.count() == 1
    assert not BookingSeries.objects.exists()


@pytest.mark.parametrize(
    ("change", "start", "end", "message"),
    [
        ({"max_duration_minutes": 60}, time(8, 0), time(9, 50), "au plus 60 minutes"),
        ({"horizon_days": 2}, time(8, 0), time(8, 55), "jours à l'avance"),
        ({"allowed_roles": [Role.RRUPN]}, time(8, 0), time(8, 55), "Votre rôle"),
        ({"is_active": False}, time(8, 0), time(8, 55), "pas réservable"),
        ({}, time(9, 0), time(8, 0), "L'heure de fin"),
    ],
)
def test_resource_rules_refuse_with_a_french_message(world, resource, change, start, end, message):
    for field, value in change.items():
        setattr(resource, field, value)
    resource.save()
    day = open_monday(world.college, weeks=2)
    with pytest.raises(BookingRefused) as refusal:
        book(
            request_for(resource, world["prof.college"], day, start, end),
            caps(world, "prof.college"),
        )
    assert any(message in text for text in refusal.value.messages)
    assert not Booking.objects.exists()


def test_no_booking_in_the_past_nor_on_a_closed_day(world, resource):
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(BookingRefused, match="passé"):
        book(request_for(resource, world["prof.college"], yesterday), caps(world, "prof.college"))
    day = open_monday(world.college, weeks=2)
    ClosedPeriod.objects.create(
        school=world.college,
        kind="fermeture",
        label="Journée banalisée",
        start_date=day,
        end_date=day,
    )
    with pytest.raises(BookingRefused, match="Journée banalisée"):
        book(request_for(resource, world["prof.college"], day), caps(world, "prof.college"))
    assert not Booking.objects.exists()


def test_allowed_role_may_book(world, resource):
    resource.allowed_roles = [Role.ENSEIGNANT]
    resource.save()
    day = open_monday(world.college)
    book(request_for(resource, world["prof.college"], day), caps(world, "prof.college"))
    assert Booking.objects.count() == 1


def test_approval_goes_to_the_mission_holder_then_to_the_head(world):
    cart = ResourceFactory(school=world.college, mobile=True, approval=True)
    assert approvers_for(cart) == [world["chef.college"]]
    Delegation.objects.create(
        school=world.college,
        mission=Mission.objects.get(code="equipements_mobiles", school__isnull=True),
        holder=world["rrupn.college"],
    )
    assert approvers_for(cart) == [world["rrupn.college"]]
    cart.approver = world["adjoint.college"]
    cart.save()
    assert approvers_for(cart) == [world["adjoint.college"]]


def test_a_request_waits_blocks_the_slot_and_is_approved(world):
    cart = ResourceFactory(school=world.college, mobile=True, approval=True)
    day = open_monday(world.college)
    result = book(request_for(cart, world["prof.college"], day), caps(world, "prof.college"))
    pending = result.bookings[0]
    assert pending.status == BookingStatus.EN_ATTENTE
    with pytest.raises(BookingConflict):
        book(request_for(cart, world["cpe.college"], day), caps(world, "cpe.college"))
    head = world["chef.college"]
    assert list(pending_for(head, world.college, caps(world, "chef.college"))) == [pending]
    assert not pending_for(world["cpe.college"], world.college, caps(world, "cpe.college")).exists()
    decide(pending, head, approve=True)
    pending.refresh_from_db()
    assert pending.status == BookingStatus.CONFIRMEE and pending.decided_by == head
    with pytest.raises(BookingRefused, match="déjà été traitée"):
        decide(pending, head, approve=False)


def test_the_approver_books_without_waiting(world):
    cart = ResourceFactory(school=world.college, mobile=True, approval=True)
    result = book(
        request_for(cart, world["chef.college"], open_monday(world.college)),
        caps(world, "chef.college"),
    )
    assert result.status == BookingStatus.CONFIRMEE


def test_refusing_a_series_frees_every_date(world):
    cart = ResourceFactory(school=world.college, mobile=True, approval=True)
    tuesday = open_monday(world.college) + timedelta(days=1)
    result = book(
        request_for(cart, world["prof.college"], tuesday, until=tuesday + timedelta(weeks=4)),
        caps(world, "prof.college"),
    )
    count = decide(result.bookings[0], world["chef.college"], approve=False, whole_series=True)
    assert count == len(result.bookings)
    assert not Booking.objects.holding().exists()


def test_cancel_one_date_or_the_rest_of_the_series(world, resource):
    tuesday = open_monday(world.college) + timedelta(days=1)
    result = book(
        request_for(resource, world["prof.college"], tuesday, until=tuesday + timedelta(weeks=5)),
        caps(world, "prof.college"),
    )
    total = len(result.bookings)
    assert cancel(result.bookings[1]) == 1
    assert cancel(result.bookings[0], whole_series=True) == total - 1
    assert not Booking.objects.holding().exists()
    assert mail.outbox == []


def test_database_refuses_overlap_on_postgresql(postgres_only, world, resource):
    """The exclusion constraint holds even when the Python check is bypassed."""
    day = open_monday(world.college)
    BookingFactory(resource=resource, day=day)
    with pytest.raises(IntegrityError, match="bookings_booking_no_overlap"), transaction.atomic():
        BookingFactory(resource=resource, day=day, start=time(8, 30), end=time(9, 0))
    BookingFactory(resource=resource, day=day, start=time(8, 30), end=time(9, 0), cancelled=True)
    assert connection.vendor == "postgresql"
