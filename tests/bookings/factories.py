"""Factories of the « Réservations » module, with traits for the common cases."""

from datetime import time, timedelta

import factory
from django.utils import timezone

from pilote.bookings.choices import BookingStatus, BorrowerKind, ClosureKind, ResourceKind
from pilote.bookings.models import (
    Booking,
    ClosedPeriod,
    Loan,
    Resource,
    TimeSlot,
    local_datetime,
)
from pilote.inventory.choices import Category, RoomKind
from pilote.inventory.models import Equipment, Room
from tests.core.factories import SchoolFactory, UserFactory


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Salle {100 + n}")
    kind = RoomKind.SALLE_INFORMATIQUE
    capacity = 30


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Equipment

    school = factory.SubFactory(SchoolFactory)
    category = Category.PORTABLE
    inventory_number = factory.Sequence(lambda n: f"INV-{n:05d}")
    brand = "Dell"
    model = "Latitude 3540"

    class Params:
        cart = factory.Trait(category=Category.CLASSE_MOBILE, brand="Kwartz", model="Chariot 16")
        tablet = factory.Trait(category=Category.TABLETTE, brand="Apple", model="iPad 10")


class ResourceFactory(factory.django.DjangoModelFactory):
    """A computer room by default; ``mobile=True`` for a classe mobile."""

    class Meta:
        model = Resource

    school = factory.SubFactory(SchoolFactory)
    room = factory.SubFactory(RoomFactory, school=factory.SelfAttribute("..school"))
    equipment = None
    name = factory.Sequence(lambda n: f"Salle informatique {n}")
    kind = ResourceKind.SALLE_INFORMATIQUE

    class Params:
        mobile = factory.Trait(
            room=None,
            equipment=factory.SubFactory(
                EquipmentFactory, school=factory.SelfAttribute("..school"), cart=True
            ),
            name=factory.Sequence(lambda n: f"Classe mobile {n}"),
            kind=ResourceKind.CLASSE_MOBILE,
        )
        approval = factory.Trait(requires_approval=True)


def next_monday(weeks: int = 1):
    today = timezone.localdate()
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


def open_monday(school, weeks: int = 1):
    """The first Monday ``weeks`` or more weeks ahead on which the school is open."""
    from pilote.bookings.calendar import calendar_for, closed_days

    calendar = calendar_for(school)
    monday = next_monday(weeks)
    days = closed_days(calendar, monday, monday + timedelta(weeks=20))
    while not days.is_open(monday):
        monday += timedelta(weeks=1)
    return monday


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    class Params:
        day = factory.LazyFunction(next_monday)
        start = time(8, 0)
        end = time(8, 55)
        pending = factory.Trait(status=BookingStatus.EN_ATTENTE)
        cancelled = factory.Trait(status=BookingStatus.ANNULEE)

    resource = factory.SubFactory(ResourceFactory)
    school = factory.SelfAttribute("resource.school")
    booked_by = factory.SubFactory(UserFactory)
    purpose = "Cours de technologie"
    starts_at = factory.LazyAttribute(lambda o: local_datetime(o.day, o.start))
    ends_at = factory.LazyAttribute(lambda o: local_datetime(o.day, o.end))
    status = BookingStatus.CONFIRMEE


class LoanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Loan

    class Params:
        overdue = factory.Trait(
            checked_out_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30)),
            due_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3)),
        )
        returned = factory.Trait(
            returned_on=factory.LazyFunction(timezone.localdate), return_condition="bon"
        )

    school = factory.SubFactory(SchoolFactory)
    equipment = factory.SubFactory(EquipmentFactory, school=factory.SelfAttribute("..school"))
    borrower_kind = BorrowerKind.ELEVE
    borrower_name = factory.Sequence(lambda n: f"Élève {n}")
    contact_email = factory.Sequence(lambda n: f"famille{n}@example.fr")
    charter_accepted_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    checked_out_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class TimeSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeSlot

    school = factory.SubFactory(SchoolFactory)
    code = factory.Sequence(lambda n: f"M{n}")
    start_time = time(8, 0)
    end_time = time(8, 55)


class ClosedPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosedPeriod

    school = factory.SubFactory(SchoolFactory)
    kind = ClosureKind.FERMETURE
    label = "Journée pédagogique"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    end_date = factory.SelfAttribute("start_date")
