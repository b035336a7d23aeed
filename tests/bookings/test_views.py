"""Pages: booking in a few clicks, bad input, tenancy, who manages, constant queries."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pilote.bookings.calendar import calendar_for
from pilote.bookings.choices import BookingStatus, ResourceKind
from pilote.bookings.models import Booking, ClosedPeriod, Resource, TimeSlot
from pilote.core.models import JournalEntry
from tests.bookings.factories import (
    BookingFactory,
    LoanFactory,
    ResourceFactory,
    RoomFactory,
    open_monday,
)
from tests.core.factories import UserFactory

BASE = "/etablissements/0449901Y/reservations/"


@pytest.fixture
def resource(world):
    return ResourceFactory(school=world.college, name="Salle B12")


def login(client, world, username):
    client.force_login(world[username])
    return client


def booking_data(resource, day, **extra):
    slot = TimeSlot.objects.get(school=resource.school, code="M3")
    data = {"resource": resource.pk, "day": day.isoformat(), "first_slot": slot.pk}
    data.update({"purpose": "4e B — sciences", "repeat": "False", **extra})
    return data


def test_teacher_books_the_cart_every_tuesday_in_one_form(client, world):
    cart = ResourceFactory(school=world.college, mobile=True)
    calendar_for(world.college)
    tuesday = open_monday(world.college) + timedelta(days=1)
    data = booking_data(
        cart, tuesday, repeat="True", until=(tuesday + timedelta(weeks=20)).isoformat()
    )
    response = login(client, world, "prof.college").post(BASE + "reserver/", data)
    assert response.status_code == 302
    assert f"ressources/{cart.pk}/semaine/" in response["Location"]
    bookings = Booking.objects.filter(resource=cart)
    assert bookings.count() > 10 and {b.series_id for b in bookings} != {None}
    week = client.get(response["Location"])
    assert "4e B — sciences" in week.content.decode()


def test_a_colleague_cannot_take_the_same_slot(client, world, resource):
    calendar_for(world.college)
    day = open_monday(world.college)
    login(client, world, "prof.college").post(BASE + "reserver/", booking_data(resource, day))
    response = login(client, world, "cpe.college").post(
        BASE + "reserver/", booking_data(resource, day)
    )
    assert response.status_code == 400
    assert "déjà réservé" in response.content.decode()
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    "override",
    [
        {"day": "31/02/2026"},
        {"first_slot": "", "start_time": "", "end_time": ""},
        {"repeat": "True", "until": ""},
        {"purpose": ""},
        {"resource": "999999"},
    ],
)
def test_bad_booking_input_gets_400_and_writes_nothing(client, world, resource, override):
    calendar_for(world.college)
    data = {**booking_data(resource, open_monday(world.college)), **override}
    response = login(client, world, "prof.college").post(BASE + "reserver/", data)
    assert response.status_code == 400
    assert "fr-alert--error" in response.content.decode()
    assert not Booking.objects.exists()


def test_another_schools_resource_cannot_be_booked(client, world):
    calendar_for(world.college)
    foreign = ResourceFactory(school=world.lycee)
    data = booking_data(ResourceFactory(school=world.college), open_monday(world.college))
    data["resource"] = foreign.pk
    assert login(client, world, "prof.college").post(BASE + "reserver/", data).status_code == 400
    assert not Booking.objects.exists()


def test_another_schools_objects_give_404(client, world):
    foreign = BookingFactory(resource=ResourceFactory(school=world.lycee))
    loan = LoanFactory(school=world.lycee)
    login(client, world, "chef.college")
    for url in (
        f"{BASE}ressources/{foreign.resource_id}/",
        f"{BASE}ressources/{foreign.resource_id}/semaine/",
        f"{BASE}reservations/{foreign.pk}/",
        f"{BASE}prets/{loan.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{BASE}reservations/{foreign.pk}/annuler/").status_code == 404
    assert Booking.objects.get(pk=foreign.pk).status == BookingStatus.CONFIRMEE


def test_teacher_neither_configures_resources_nor_sees_loans(client, world, resource):
    LoanFactory(school=world.college, borrower_name="Léa Élève")
    login(client, world, "prof.college")
    assert client.get(BASE + "ressources/ajouter/").status_code == 403
    assert client.get(BASE + "prets/").status_code == 403
    assert client.post(f"{BASE}ressources/{resource.pk}/supprimer/").status_code == 403
    assert Resource.objects.filter(pk=resource.pk).exists()
    assert JournalEntry.objects.filter(action="permission_denied").count() == 3


def test_rrupn_makes_a_room_bookable_with_defaults_from_the_parc(client, world):
    room = RoomFactory(school=world.college, name="B14")
    response = login(client, world, "rrupn.college").post(
        BASE + "ressources/ajouter/",
        {
            "room": room.pk,
            "name": "",
            "kind": "",
            "requires_approval": "False",
            "is_active": "True",
        },
    )
    assert response.status_code == 302
    resource = Resource.objects.get(room=room)
    assert resource.name == "B14" and resource.kind == ResourceKind.SALLE_INFORMATIQUE


def test_resource_needs_exactly_one_parc_item(client, world):
    room = RoomFactory(school=world.college)
    cart = ResourceFactory(school=world.college, mobile=True).equipment
    response = login(client, world, "chef.college").post(
        BASE + "ressources/ajouter/",
        {"room": room.pk, "equipment": cart.pk, "requires_approval": "False", "is_active": "True"},
    )
    assert response.status_code == 400
    assert "un seul des deux" in response.content.decode()


def test_head_approves_a_waiting_request_and_the_teacher_is_told(client, world, mailoutbox):
    cart = ResourceFactory(school=world.college, mobile=True, approval=True)
    calendar_for(world.college)
    login(client, world, "prof.college").post(
        BASE + "reserver/", booking_data(cart, open_monday(world.college))
    )
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.EN_ATTENTE
    assert mailoutbox[0].to == [world["chef.college"].email]
    assert (
        client.post(
            f"{BASE}reservations/{booking.pk}/decision/", {"decision": "approve"}
        ).status_code
        == 403
    )
    login(client, world, "chef.college")
    pending = client.get(BASE + "a-valider/")
    assert "Salle" in pending.content.decode() or str(cart) in pending.content.decode()
    client.post(f"{BASE}reservations/{booking.pk}/decision/", {"decision": "approve", "note": "OK"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMEE
    assert mailoutbox[-1].to == [world["prof.college"].email]


def test_only_the_booker_or_an_approver_cancels(client, world, resource):
    booking = BookingFactory(
        resource=resource, booked_by=world["prof.college"], day=open_monday(world.college)
    )
    url = f"{BASE}reservations/{booking.pk}/annuler/"
    assert login(client, world, "cpe.college").post(url, {"scope": "occurrence"}).status_code == 403
    assert (
        login(client, world, "prof.college").post(url, {"scope": "occurrence"}).status_code == 302
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ANNULEE


def test_week_view_marks_holidays_and_offers_free_slots(client, world, resource):
    calendar_for(world.college)
    monday = open_monday(world.college, weeks=2)
    ClosedPeriod.objects.create(
        school=world.college,
        kind="fermeture",
        label="Conseils de classe",
        start_date=monday + timedelta(days=2),
        end_date=monday + timedelta(days=2),
    )
    BookingFactory(resource=resource, day=monday, purpose="Atelier Scratch")
    page = (
        login(client, world, "prof.college")
        .get(f"{BASE}ressources/{resource.pk}/semaine/?semaine={monday.isoformat()}")
        .content.decode()
    )
    assert "Atelier Scratch" in page and "Conseils de classe" in page
    assert f"date={(monday + timedelta(days=1)).isoformat()}&amp;creneau=M1" in page


def count_queries(client, url) -> int:
    client.get(url)  # the first page of a session also writes the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def fill_week(resource, monday, users):
    starts = [(8, 0), (8, 55), (10, 5), (11, 0), (13, 30), (14, 25), (15, 35), (16, 30)]
    for offset in range(5):
        for index, (hour, minute) in enumerate(starts):
            BookingFactory(
                resource=resource,
                day=monday + timedelta(days=offset),
                start=time(hour, minute),
                end=(datetime.combine(monday, time(hour, minute)) + timedelta(minutes=20)).time(),
                booked_by=users[index % len(users)],
            )


def test_week_view_queries_do_not_grow_with_bookings(client, world, resource):
    calendar_for(world.college)
    monday = open_monday(world.college)
    login(client, world, "prof.college")
    url = f"{BASE}ressources/{resource.pk}/semaine/?semaine={monday.isoformat()}"
    BookingFactory(resource=resource, day=monday, start=time(17, 30), end=time(18, 0))
    few = count_queries(client, url)
    fill_week(resource, monday, [UserFactory() for _ in range(6)])
    many = count_queries(client, url)
    assert many == few <= 25


@pytest.mark.parametrize(
    "url", ["prets/", "mes-reservations/", "ressources/", "", "occupation/", "a-valider/"]
)
def test_lists_queries_do_not_grow_with_rows(client, world, url):
    login(client, world, "chef.college")
    calendar_for(world.college)

    def add_rows(count):
        for _ in range(count):
            LoanFactory(school=world.college, equipment__school=world.college)
            BookingFactory(
                resource=ResourceFactory(school=world.college),
                booked_by=UserFactory(),
                pending=True,
            )

    add_rows(1)
    few = count_queries(client, BASE + url)
    add_rows(30)
    assert count_queries(client, BASE + url) == few <= 25


def test_calendar_edit_rejects_wrong_values(client, world):
    calendar_for(world.college)
    login(client, world, "chef.college")
    response = client.post(BASE + "calendrier/parametres/", {"zone": "D", "opening_days": ["9"]})
    assert response.status_code == 400
    response = client.post(
        BASE + "calendrier/creneaux/ajouter/",
        {"code": "M9", "start_time": "10:00", "end_time": "09:00"},
    )
    assert response.status_code == 400
    assert not TimeSlot.objects.filter(code="M9").exists()
    response = client.post(
        BASE + "calendrier/parametres/", {"zone": "A", "opening_days": ["0", "1", "3", "4"]}
    )
    assert response.status_code == 302
    calendar = calendar_for(world.college)
    assert calendar.zone == "A" and calendar.opening_days == [0, 1, 3, 4]


def test_occupancy_page_draws_a_chart_with_a_text_alternative(client, world, resource):
    page = login(client, world, "drane").get(BASE + "occupation/").content.decode()
    assert "Taux d'occupation par ressource" in page
    assert reverse("bookings:occupancy", kwargs={"uai": world.college.uai}) == BASE + "occupation/"


def test_occupancy_page_shows_room_names_with_dollars_as_typed(client, world):
    """matplotlib read « $…$ » as mathematics: a resource named « $$ » crashed the page."""
    calendar_for(world.college)
    ResourceFactory(school=world.college, name="Salle $x$")
    ResourceFactory(school=world.college, name="$$")
    response = login(client, world, "chef.college").get(BASE + "occupation/")
    assert response.status_code == 200
    page = response.content.decode()
    assert ">Salle $x$</text>" in page and ">$$</text>" in page
