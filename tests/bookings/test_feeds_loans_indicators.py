"""Calendar feeds behind a secret address, loans and reminders, indicators."""

from datetime import time, timedelta

from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from pilote.bookings.calendar import calendar_for, closed_days
from pilote.bookings.models import CalendarFeed, Loan, TimeSlot, hash_token
from pilote.bookings.occupancy import school_weeks
from pilote.core.metrics import registry
from pilote.core.models import JournalEntry
from pilote.inventory.choices import EquipmentStatus
from tests.bookings.factories import (
    BookingFactory,
    EquipmentFactory,
    LoanFactory,
    ResourceFactory,
    open_monday,
)

BASE = "/etablissements/0449901Y/reservations/"


def create_feed(client, world, username, path="mes-reservations/agenda/"):
    client.force_login(world[username])
    response = client.post(BASE + path)
    assert response.status_code == 200
    url = response.context["url"]
    client.logout()
    return url


def events(response) -> list[str]:
    calendar = Calendar.from_ical(response.content)
    return [str(event["summary"]) for event in calendar.walk("VEVENT")]


def test_personal_feed_shows_only_my_bookings_without_login(client, world):
    resource = ResourceFactory(school=world.college, name="Salle B12")
    day = open_monday(world.college)
    BookingFactory(resource=resource, booked_by=world["prof.college"], day=day, purpose="Mon cours")
    BookingFactory(
        resource=resource,
        booked_by=world["cpe.college"],
        day=day,
        start=time(10),
        end=time(11),
        purpose="Autre",
    )
    url = create_feed(client, world, "prof.college")
    token = url.rstrip("/").split("/")[-1].removesuffix(".ics")
    assert len(token) == 43
    feed = CalendarFeed.objects.get()
    assert feed.token_hash == hash_token(token) and token not in feed.token_hash
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert events(response) == ["Salle B12 — Mon cours"]
    assert JournalEntry.objects.filter(action="calendar_feed_created").exists()


def test_resource_feed_hides_who_booked_and_why(client, world):
    resource = ResourceFactory(school=world.college, name="Salle B12")
    BookingFactory(
        resource=resource,
        booked_by=world["prof.college"],
        day=open_monday(world.college),
        purpose="Secret",
    )
    url = create_feed(client, world, "cpe.college", f"ressources/{resource.pk}/agenda/")
    body = client.get(url).content.decode()
    assert "Salle B12 (réservée)" in body
    assert "Secret" not in body and str(world["prof.college"]) not in body


def test_revoked_or_unknown_token_gives_404(client, world):
    url = create_feed(client, world, "prof.college")
    feed = CalendarFeed.objects.get()
    client.force_login(world["cpe.college"])
    assert client.post(f"{BASE}agendas/{feed.pk}/revoquer/").status_code == 404  # not hers
    client.force_login(world["prof.college"])
    assert client.post(f"{BASE}agendas/{feed.pk}/revoquer/").status_code == 302
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/flux-reservations/" + "A" * 43 + ".ics").status_code == 404
    assert client.get("/api/v1/flux-reservations/court.ics").status_code == 404


def test_loan_needs_charter_date_and_lends_a_device_once(client, world, mailoutbox):
    laptop = EquipmentFactory(school=world.college, status=EquipmentStatus.EN_STOCK)
    client.force_login(world["chef.college"])
    data = {
        "equipment": laptop.pk,
        "borrower_kind": "eleve",
        "borrower_name": "Léa Marchand",
        "contact_email": "famille@example.fr",
        "charter_accepted_on": "",
        "checked_out_on": timezone.localdate().isoformat(),
        "due_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    assert client.post(BASE + "prets/ajouter/", data).status_code == 400
    assert not Loan.objects.exists()
    data["charter_accepted_on"] = timezone.localdate().isoformat()
    assert client.post(BASE + "prets/ajouter/", data).status_code == 302
    loan = Loan.objects.get()
    assert loan.lent_by == world["chef.college"]
    again = client.post(BASE + "prets/ajouter/", {**data, "borrower_name": "Autre"})
    assert again.status_code == 400  # the device is out: not in the choices any more
    assert Loan.objects.count() == 1


def test_due_date_before_loan_is_refused(client, world):
    laptop = EquipmentFactory(school=world.college)
    client.force_login(world["chef.college"])
    today = timezone.localdate()
    response = client.post(
        BASE + "prets/ajouter/",
        {
            "equipment": laptop.pk,
            "borrower_kind": "personnel",
            "borrower_name": "M. Dupont",
            "charter_accepted_on": today.isoformat(),
            "checked_out_on": today.isoformat(),
            "due_on": (today - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "précède" in response.content.decode()


def test_return_records_condition_and_closes_the_loan(client, world):
    loan = LoanFactory(school=world.college, borrower_kind="personnel", borrower_name="M. Roy")
    client.force_login(world["rrupn.college"])
    url = f"{BASE}prets/{loan.pk}/retour/"
    assert client.post(url, {"returned_on": "", "return_condition": ""}).status_code == 400
    today = timezone.localdate().isoformat()
    response = client.post(url, {"returned_on": today, "return_condition": "endommage"})
    assert response.status_code == 302
    loan.refresh_from_db()
    assert not loan.is_open and loan.return_condition == "endommage"
    assert client.get(url).status_code == 404  # a returned loan is not returned twice


def test_a_manager_without_the_capability_handles_loans_to_staff_only(client, world):
    """Need-to-know (issue #15): the RRUPN manages loans, but may not see pupils by name."""
    pupil_loan = LoanFactory(school=world.college, borrower_name="ZORGLUB Léonie")
    staff_loan = LoanFactory(
        school=world.college, borrower_kind="personnel", borrower_name="M. Roy"
    )
    client.force_login(world["rrupn.college"])
    for url in ("prets/", "prets/?_export=csv", "prets/en-retard/"):
        response = client.get(BASE + url)
        body = b"".join(response) if response.streaming else response.content
        assert response.status_code == 200, url
        assert "ZORGLUB" not in body.decode(), url
    assert "M. Roy" in client.get(BASE + "prets/").content.decode()
    assert client.get(f"{BASE}prets/{pupil_loan.pk}/").status_code == 404
    assert client.get(f"{BASE}prets/{staff_loan.pk}/").status_code == 200
    form = client.get(BASE + "prets/ajouter/").content.decode()
    assert 'name="pupil"' not in form and 'value="eleve"' not in form
    laptop = EquipmentFactory(school=world.college)
    today = timezone.localdate()
    response = client.post(
        BASE + "prets/ajouter/",
        {
            "equipment": laptop.pk,
            "borrower_kind": "eleve",
            "borrower_name": "Un élève",
            "charter_accepted_on": today.isoformat(),
            "checked_out_on": today.isoformat(),
            "due_on": (today + timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert Loan.objects.count() == 2
    client.force_login(world["chef.college"])
    assert "ZORGLUB" in client.get(BASE + "prets/").content.decode()


def test_reminders_go_to_overdue_borrowers_once_a_week(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    late = LoanFactory(school=world.college, overdue=True, contact_email="famille@example.fr")
    LoanFactory(school=world.college, overdue=True, contact_email="")
    LoanFactory(school=world.college)  # not due yet
    LoanFactory(school=world.college, overdue=True, returned=True)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rappels_prets", "--dry-run")
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rappels_prets")
    assert [message.to for message in mailoutbox] == [["famille@example.fr"]]
    assert str(late.equipment) in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rappels_prets")
    assert len(mailoutbox) == 1
    late.refresh_from_db()
    assert late.reminder_count == 1 and late.last_reminder_on == timezone.localdate()


def test_school_weeks_skip_holidays():
    from pilote.bookings.models import ClosedPeriod

    toussaint = ClosedPeriod(
        start_date=timezone.datetime(2026, 10, 17).date(),
        end_date=timezone.datetime(2026, 11, 1).date(),
    )
    saturday = timezone.datetime(2026, 11, 28).date()
    mondays, open_days = school_weeks({0, 1, 2, 3, 4}, [toussaint], saturday)
    assert [m.isoformat() for m in mondays] == [
        "2026-11-23",
        "2026-11-16",
        "2026-11-09",
        "2026-11-02",
    ]
    assert open_days == 20
    wednesday = timezone.datetime(2026, 11, 25).date()
    mondays, _ = school_weeks({0, 1, 2, 3, 4}, [toussaint], wednesday)
    assert mondays[0].isoformat() == "2026-11-16"
    assert mondays[-1].isoformat() == "2026-10-12"


def measures(school) -> dict:
    return {m.indicator.code: m.value for m in registry.measure_school(school)}


def test_indicators_occupancy_loans_and_idle_resources(world):
    calendar_for(world.college)
    TimeSlot.objects.filter(school=world.college).exclude(code__in=["M1", "M2"]).delete()
    room = ResourceFactory(school=world.college)
    ResourceFactory(school=world.college)  # never booked
    cart = ResourceFactory(school=world.college, mobile=True)
    from pilote.bookings.occupancy import periods_for

    period = periods_for([world.college])[world.college.pk]
    assert period.minutes_per_day == 110 and len(period.mondays) == 4
    days = closed_days(
        calendar_for(world.college), min(period.mondays), max(period.mondays) + timedelta(days=6)
    )
    for monday in period.mondays:
        for day in (monday + timedelta(days=offset) for offset in range(7)):
            if days.is_open(day):
                BookingFactory(resource=room, day=day, start=time(8, 0), end=time(8, 55))
    BookingFactory(
        resource=cart, day=period.mondays[0], start=time(8), end=time(8, 55), pending=True
    )
    laptops = [EquipmentFactory(school=world.college) for _ in range(4)]
    LoanFactory(school=world.college, equipment=laptops[0], overdue=True)
    LoanFactory(school=world.college, equipment=laptops[1])
    values = measures(world.college)
    # One slot of 55 minutes every open day in one of two rooms open 110 minutes a day.
    assert values["reservations.occupation_salles"] == 25.0
    assert values["reservations.occupation_mobiles"] == 0  # a waiting request is not use
    assert values["reservations.jamais_reservees"] == 2
    assert values["prets.taux"] == 50.0
    assert values["prets.en_retard"] == 1
    assert measures(world.lycee)["reservations.occupation_salles"] is None


def test_indicators_measure_many_schools_in_constant_queries(world, django_assert_max_num_queries):
    from tests.core.factories import SchoolFactory

    schools = [world.college, world.lycee] + [SchoolFactory() for _ in range(10)]
    for school in schools:
        calendar_for(school)
        ResourceFactory(school=school)
        LoanFactory(school=school)
    with django_assert_max_num_queries(12):
        registry.measure(schools, ["reservations"])


def test_detail_pages_open_for_the_head(client, world):
    loan = LoanFactory(school=world.college, borrower_name="Léa Marchand")
    booking = BookingFactory(
        resource=ResourceFactory(school=world.college), day=open_monday(world.college)
    )
    client.force_login(world["chef.college"])
    page = client.get(f"{BASE}prets/{loan.pk}/").content.decode()
    assert "Léa Marchand" in page and "Enregistrer le retour" in page
    page = client.get(f"{BASE}reservations/{booking.pk}/").content.decode()
    assert "Annuler la réservation" in page
    assert client.get(f"{BASE}ressources/{booking.resource_id}/").status_code == 200


def test_head_lists_and_revokes_any_feed_of_the_school(client, world):
    from pilote.bookings.models import CalendarFeed

    feed, token = CalendarFeed.issue(school=world.college, owner=world["prof.college"])
    base = f"/etablissements/{world.college.uai}/reservations/agendas/"
    client.force_login(world["prof.college"])
    assert client.get(base).status_code == 403  # a teacher does not list the school's feeds
    client.force_login(world["chef.college"])
    page = client.get(base).content.decode()
    assert str(world["prof.college"]) in page and feed.token_hint in page
    response = client.post(f"{base}{feed.pk}/revoquer/", {"next": "agendas"})
    assert response.status_code == 302 and response["Location"] == base
    assert client.get(f"/api/v1/flux-reservations/{token}.ics").status_code == 404


def test_a_member_cannot_revoke_someone_elses_feed(client, world):
    from pilote.bookings.models import CalendarFeed

    feed, _token = CalendarFeed.issue(school=world.college, owner=world["chef.college"])
    client.force_login(world["prof.college"])
    base = f"/etablissements/{world.college.uai}/reservations/agendas/"
    assert client.post(f"{base}{feed.pk}/revoquer/").status_code == 404
    feed.refresh_from_db()
    assert feed.revoked_at is None
