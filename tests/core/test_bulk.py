"""The bulk writers. ``insert_rows`` (generated data) fills each field a row leaves out with
its default. ``update_with_history`` (imports): every kind of field comes back from the
database as it was set — decimals, dates, times of day and instants, booleans, foreign keys,
empty values, JSON of every shape, text with quotes — on SQLite and PostgreSQL alike, and each
row written gets one history row « ~ »."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from pilote.bookings.models import SchoolCalendar, TimeSlot
from pilote.core.bulk import insert_rows
from pilote.core.importing import update_with_history
from pilote.inventory.choices import EquipmentStatus
from pilote.inventory.models import Equipment
from pilote.usage.models import Account
from tests.core.factories import SchoolFactory
from tests.inventory.factories import EquipmentFactory, RoomFactory
from tests.usage.factories import AccountFactory

pytestmark = pytest.mark.django_db


def test_decimals_dates_foreign_keys_and_text_are_written_as_set():
    school = SchoolFactory()
    rooms = RoomFactory.create_batch(2, school=school)
    devices = EquipmentFactory.create_batch(3, school=school, room=rooms[0])
    for n, device in enumerate(devices):
        device.cost = Decimal("1234.56") + n
        device.acquisition_date = date(2021, 9, 1) + timedelta(days=n)
        device.warranty_end = None
        device.room = rooms[1] if n else None
        device.model = f'L\'écran « {n} » "27 pouces"'
    before = Equipment.history.count()

    update_with_history(
        Equipment, devices, ["cost", "acquisition_date", "warranty_end", "room", "model"]
    )

    for n, device in enumerate(Equipment.objects.filter(pk__in=[d.pk for d in devices])):
        n = [d.pk for d in devices].index(device.pk)
        assert device.cost == Decimal("1234.56") + n
        assert device.acquisition_date == date(2021, 9, 1) + timedelta(days=n)
        assert device.warranty_end is None
        assert device.room_id == (rooms[1].pk if n else None)
        assert device.model == f'L\'écran « {n} » "27 pouces"'
    assert Equipment.history.count() == before + 3
    assert set(Equipment.history.filter(history_type="~").values_list("id", flat=True)) == {
        d.pk for d in devices
    }


def test_instants_and_booleans_are_written_as_set():
    accounts = AccountFactory.create_batch(2)
    moment = timezone.now().replace(microsecond=123456) - timedelta(days=3)
    accounts[0].last_connection, accounts[0].is_activated = moment, False
    accounts[1].last_connection, accounts[1].is_activated = None, True

    update_with_history(Account, accounts, ["last_connection", "is_activated"])

    first, second = (Account.objects.get(pk=a.pk) for a in accounts)
    assert (first.last_connection, first.is_activated) == (moment, False)
    assert (second.last_connection, second.is_activated) == (None, True)


def test_json_values_and_times_of_day_are_written_as_set():
    school = SchoolFactory()
    calendar = SchoolCalendar.objects.create(school=school, zone="B", opening_days=[0, 1])
    slot = TimeSlot.objects.create(
        school=school, code="M1", start_time=time(8, 0), end_time=time(8, 55)
    )
    calendar.opening_days = [0, 1, 2, 4]
    slot.start_time, slot.end_time = time(8, 5), time(9, 0)

    update_with_history(SchoolCalendar, [calendar], ["opening_days"])
    update_with_history(TimeSlot, [slot], ["start_time", "end_time"])

    assert SchoolCalendar.objects.get(pk=calendar.pk).opening_days == [0, 1, 2, 4]
    slot.refresh_from_db()
    assert (slot.start_time, slot.end_time) == (time(8, 5), time(9, 0))


def test_a_json_string_stays_a_json_string():
    """A JSON document that is only a string must not come back as bare text (SQLite's
    json_extract unquotes strings) nor as a document of another shape."""
    calendar = SchoolCalendar.objects.create(school=SchoolFactory(), zone="A")
    for value in ("lundi", {"jours": [0, 1], "note": "l'été"}, [], 3):
        calendar.opening_days = value
        update_with_history(SchoolCalendar, [calendar], ["opening_days"])
        assert SchoolCalendar.objects.get(pk=calendar.pk).opening_days == value


def test_nothing_to_write_writes_nothing():
    before = Equipment.history.count()
    update_with_history(Equipment, [], ["cost"])
    assert Equipment.history.count() == before


def test_aware_instants_keep_their_moment_whatever_the_zone():
    account = AccountFactory()
    paris = timezone.get_default_timezone()
    account.last_connection = datetime(2026, 3, 29, 2, 30, tzinfo=UTC).astimezone(paris)
    update_with_history(Account, [account], ["last_connection"])
    assert Account.objects.get(pk=account.pk).last_connection == datetime(
        2026, 3, 29, 2, 30, tzinfo=UTC
    )


def test_inserted_rows_take_the_defaults_of_the_fields_they_leave_out():
    """No model's ``save()`` runs: what it would compute (here the lifetime) is given."""
    school = SchoolFactory()
    room = RoomFactory(school=school)
    before = timezone.now()
    device = {"school": school, "category": "portable", "lifetime_years": 5}
    insert_rows(
        Equipment,
        [
            {**device, "serial_number": "A1", "room": room},
            {**device, "school": school.pk, "category": "tablette", "cost": Decimal("199.90")},
        ],
    )
    first, second = Equipment.objects.filter(school=school).order_by("pk")
    assert (first.serial_number, first.room_id, first.cost) == ("A1", room.pk, None)
    assert (second.category, second.cost, second.room_id) == ("tablette", Decimal("199.90"), None)
    assert first.status == second.status == EquipmentStatus.EN_SERVICE
    assert (first.brand, second.serial_number) == ("", "")
    assert first.created_at >= before and second.created_at >= before
    assert Equipment.history.filter(id__in=[first.pk, second.pk]).count() == 0


def test_a_misspelt_field_is_refused_and_nothing_is_inserted():
    school = SchoolFactory()
    with pytest.raises(ValueError, match="serial_numbre"):
        insert_rows(Equipment, [{"school": school, "serial_numbre": "A1", "lifetime_years": 5}])
    assert not Equipment.objects.filter(school=school).exists()


def test_inserted_rows_get_json_values_and_their_time_stamps():
    school = SchoolFactory()
    before = timezone.now()
    insert_rows(SchoolCalendar, [{"school": school, "zone": "C", "opening_days": [1, 3]}])
    assert SchoolCalendar.objects.get(school=school).opening_days == [1, 3]
    accounts = [{"school": school, "source": "ent", "external_id": "x", "profile": "eleve"}]
    insert_rows(Account, [{**accounts[0], "last_name": "NOM", "last_connection": before}])
    account = Account.objects.get(school=school)
    assert (account.last_connection, account.is_activated) == (before, False)
