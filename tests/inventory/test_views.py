"""Parc pages: rights per role, tenancy, lists, bulk actions, fast entry, charts, reports."""

import calendar
from datetime import date

import pytest

from pilote.inventory.choices import Category, EquipmentStatus, RoomKind
from pilote.inventory.models import Equipment, Room, beyond_lifetime_q
from pilote.inventory.views import renewals_by_year

from .factories import EquipmentFactory, RoomFactory

pytestmark = pytest.mark.django_db


def parc(school, path=""):
    return f"/etablissements/{school.uai}/parc/{path}"


ROOM = {
    "name": "Salle 204",
    "building": "B",
    "kind": RoomKind.SALLE_CLASSE,
    "wired_network": "oui",
    "wifi_coverage": "non",
}


@pytest.mark.parametrize(
    "username",
    [
        "chef.college",
        "adjoint.college",
        "sg.college",
        "rrupn.college",
        "tech.departement",
        "gest.departement",
    ],
)
def test_editors_of_the_school_create_a_room(client, world, username):
    client.force_login(world[username])
    response = client.post(parc(world.college, "salles/ajouter/"), ROOM)
    assert response.status_code == 302
    assert Room.objects.filter(school=world.college, name="Salle 204").exists()


@pytest.mark.parametrize("username", ["prof.college", "cpe.college", "drane", "rssi"])
def test_readers_see_but_cannot_edit(client, world, username):
    client.force_login(world[username])
    assert client.get(parc(world.college, "equipements/")).status_code == 200
    response = client.post(parc(world.college, "salles/ajouter/"), ROOM)
    assert response.status_code == 403
    assert not Room.objects.exists()


def test_teacher_sees_no_bulk_selection(client, world):
    EquipmentFactory(school=world.college)
    client.force_login(world["prof.college"])
    content = client.get(parc(world.college, "equipements/")).content.decode()
    assert 'name="equipment"' not in content
    assert "actions-groupees" not in content


def test_collectivite_technician_does_not_reach_another_collectivite(client, world):
    device = EquipmentFactory(school=world.lycee)
    client.force_login(world["tech.departement"])
    assert client.get(parc(world.lycee, "equipements/")).status_code == 404
    assert client.get(parc(world.lycee, f"equipements/{device.pk}/")).status_code == 404


def test_form_refuses_another_schools_room(client, world):
    foreign_room = RoomFactory(school=world.lycee)
    client.force_login(world["chef.college"])
    response = client.post(
        parc(world.college, "equipements/ajouter/"),
        {
            "category": Category.PORTABLE,
            "room": foreign_room.pk,
            "domain": "pedagogique",
            "origin": "collectivite",
            "maintainer": "collectivite",
            "status": "en_service",
        },
    )
    assert response.status_code == 400
    assert "room" in response.context["form"].errors
    assert not Equipment.objects.exists()


def test_bad_input_is_refused_with_400_and_nothing_written(client, world):
    EquipmentFactory(school=world.college, inventory_number="COL-1")
    client.force_login(world["chef.college"])
    response = client.post(
        parc(world.college, "equipements/ajouter/"),
        {
            "category": Category.PORTABLE,
            "inventory_number": "COL-1",
            "domain": "pedagogique",
            "origin": "collectivite",
            "maintainer": "collectivite",
            "status": "en_service",
            "acquisition_date": "2024-09-01",
            "warranty_end": "2023-01-01",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "déjà attribué" in str(errors["inventory_number"])
    assert "garantie" in str(errors["warranty_end"])
    assert Equipment.objects.count() == 1


def test_create_an_equipment_and_see_its_history(client, world):
    room = RoomFactory(school=world.college)
    client.force_login(world["rrupn.college"])
    response = client.post(
        parc(world.college, "equipements/ajouter/"),
        {
            "category": Category.ECRAN_INTERACTIF,
            "inventory_number": "ENI-1",
            "room": room.pk,
            "domain": "pedagogique",
            "origin": "collectivite",
            "maintainer": "collectivite",
            "status": "en_service",
            "acquisition_date": "2024-09-01",
        },
    )
    device = Equipment.objects.get(inventory_number="ENI-1")
    assert response.status_code == 302
    assert device.lifetime_years == 7
    page = client.get(parc(world.college, f"equipements/{device.pk}/")).content.decode()
    assert "Historique des modifications" in page
    assert "01/09/2024" in page and "<dd>7 ans (jusqu'au 01/09/2031)" in page
    device.lifetime_years = 1
    device.save()
    page = client.get(parc(world.college, f"equipements/{device.pk}/")).content.decode()
    assert "<dd>1 an (jusqu'au 01/09/2025)" in page


def test_list_filters(client, world):
    EquipmentFactory(school=world.college, inventory_number="NEUF")
    EquipmentFactory(school=world.college, old=True, inventory_number="VIEUX")
    EquipmentFactory(school=world.college, display=True, inventory_number="VP")
    client.force_login(world["chef.college"])

    def numbers(query):
        response = client.get(parc(world.college, f"equipements/?{query}"))
        return {row.record.inventory_number for row in response.context["table"].rows}

    assert numbers("beyond_lifetime=oui") == {"VIEUX"}
    assert numbers("age=5-7") == {"VIEUX"}
    assert numbers("category=videoprojecteur") == {"VP"}
    assert numbers("q=neuf") == {"NEUF"}


def test_list_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    rooms = RoomFactory.create_batch(5, school=world.college)
    for index in range(120):
        EquipmentFactory(school=world.college, room=rooms[index % 5])
    client.force_login(world["chef.college"])
    # 16: the list's own reads, the charter banner's one query on every school page, and the
    # person's choice of columns (core.table_columns: one query on every list). The first
    # visit also saves the session (current school), which is why the list sits at its ceiling.
    with django_assert_max_num_queries(16):
        response = client.get(parc(world.college, "equipements/?per_page=100"))
    assert response.status_code == 200
    with django_assert_max_num_queries(16):
        client.get(parc(world.college, "salles/"))


def test_export_csv(client, world):
    EquipmentFactory(school=world.college, inventory_number="=CMD()")
    client.force_login(world["chef.college"])
    response = client.get(parc(world.college, "equipements/?_export=csv"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "'=CMD()" in content


def test_bulk_move_and_reform(client, world):
    devices = EquipmentFactory.create_batch(3, school=world.college)
    room = RoomFactory(school=world.college)
    client.force_login(world["chef.college"])
    client.post(
        parc(world.college, "equipements/actions/"),
        {"action": "move", "room": room.pk, "equipment": [d.pk for d in devices[:2]]},
    )
    assert Equipment.objects.filter(room=room).count() == 2
    client.post(
        parc(world.college, "equipements/actions/"),
        {"action": "reform", "equipment": [devices[0].pk]},
    )
    reformed = Equipment.objects.get(pk=devices[0].pk)
    assert reformed.status == EquipmentStatus.REFORME and reformed.reform_date
    assert reformed.history.count() == 3


def test_bulk_action_refuses_another_schools_device(client, world):
    foreign = EquipmentFactory(school=world.lycee)
    client.force_login(world["chef.college"])
    client.post(
        parc(world.college, "equipements/actions/"), {"action": "reform", "equipment": [foreign.pk]}
    )
    assert Equipment.objects.get(pk=foreign.pk).status == EquipmentStatus.EN_SERVICE


def test_bulk_action_is_post_only_and_for_editors(client, world):
    device = EquipmentFactory(school=world.college)
    client.force_login(world["prof.college"])
    response = client.post(
        parc(world.college, "equipements/actions/"), {"action": "reform", "equipment": [device.pk]}
    )
    assert response.status_code == 403
    client.force_login(world["chef.college"])
    assert client.get(parc(world.college, "equipements/actions/")).status_code == 405


BATCH = {
    "category": Category.TABLETTE,
    "brand": "Apple",
    "model": "iPad 10",
    "domain": "pedagogique",
    "origin": "collectivite",
    "maintainer": "collectivite",
    "status": "en_service",
    "acquisition_date": "2025-09-01",
}


def test_fast_entry_of_identical_devices(client, world):
    cart = EquipmentFactory(school=world.college, cart=True, inventory_number="CM-1")
    client.force_login(world["chef.college"])
    response = client.post(
        parc(world.college, "equipements/saisie-par-lot/"),
        {
            **BATCH,
            "cart": cart.pk,
            "inventory_prefix": "TAB-",
            "serial_numbers": "S1\nS2\n\n S3 \n",
        },
    )
    assert response.status_code == 302
    tablets = Equipment.objects.filter(category=Category.TABLETTE).order_by("inventory_number")
    assert [t.inventory_number for t in tablets] == ["TAB-001", "TAB-002", "TAB-003"]
    assert {t.serial_number for t in tablets} == {"S1", "S2", "S3"}
    assert all(t.cart_id == cart.pk and t.lifetime_years == 5 for t in tablets)
    page = client.get(parc(world.college, f"equipements/{cart.pk}/")).content.decode()
    assert "3 appareils dans ce chariot" in page


def test_fast_entry_refuses_duplicates_and_writes_nothing(client, world):
    EquipmentFactory(school=world.college, serial_number="S9")
    client.force_login(world["chef.college"])
    response = client.post(
        parc(world.college, "equipements/saisie-par-lot/"),
        {**BATCH, "serial_numbers": "S1\nS1\nS9"},
    )
    assert response.status_code == 400
    assert "S1" in str(response.context["form"].errors["serial_numbers"])
    assert Equipment.objects.count() == 1


def test_room_page_shows_what_it_contains(client, world):
    room = RoomFactory(school=world.college, name="Salle 12")
    EquipmentFactory(school=world.college, room=room, display=True, inventory_number="VP-12")
    EquipmentFactory(school=world.college, room=room, reformed=True, inventory_number="OLD-12")
    client.force_login(world["prof.college"])
    page = client.get(parc(world.college, f"salles/{room.pk}/")).content.decode()
    assert "VP-12" in page and "OLD-12" not in page


def test_state_page_draws_charts_with_tables(client, world):
    EquipmentFactory(school=world.college, old=True, cost=500)
    EquipmentFactory(school=world.college, display=True)
    client.force_login(world["chef.college"])
    response = client.get(parc(world.college, "etat/"))
    page = response.content.decode()
    assert page.count("<svg") == 2
    assert 'role="img"' in page
    assert "Données du graphique" in page
    this_year = response.context["renewals"][0]
    assert this_year["count"] == 1 and this_year["cost"] == 500


def test_the_renewal_plan_counts_each_year_the_devices_beyond_their_lifetime_by_its_end(world):
    """The plan groups devices on their due year; each year must hold exactly the devices that
    :func:`beyond_lifetime_q` finds due by its 31 December and not by the previous one."""
    year = date.today().year
    leap = next(y for y in range(year - 1, year - 5, -1) if calendar.isleap(y))
    for acquired, lifetime, cost in [
        (date(year - 12, 3, 15), 5, 100),  # long overdue: due this year
        (date(year - 4, 12, 31), 4, None),  # due this year, no cost known
        (date(leap, 2, 29), year + 1 - leap, 300),  # next year
        (date(year, 1, 2), 1, 10),  # next year
        (date(year - 3, 6, 1), 6, 70),  # in three years
        (date(year - 1, 9, 1), 20, 50),  # beyond the plan
    ]:
        EquipmentFactory(
            school=world.college, acquisition_date=acquired, lifetime_years=lifetime, cost=cost
        )
    EquipmentFactory(school=world.college, undated=True)
    EquipmentFactory(school=world.college, reformed=True, acquisition_date=date(2000, 1, 1))
    EquipmentFactory(school=world.lycee, acquisition_date=date(2000, 1, 1))
    plan = renewals_by_year(world.college)
    fleet = Equipment.objects.for_school(world.college).in_fleet()
    previous = fleet.none()
    for row in plan:
        due = fleet.filter(beyond_lifetime_q(date(row["year"], 12, 31)))
        new = due.exclude(pk__in=previous.values("pk"))
        assert row["count"] == new.count(), row
        assert row["cost"] == sum(d.cost for d in new if d.cost is not None), row
        assert row["costed"] == new.exclude(cost=None).count(), row
        previous = due
    assert [row["count"] for row in plan] == [2, 2, 0, 1, 0, 0]


def test_import_templates_download(client, world):
    client.force_login(world["chef.college"])
    csv_file = client.get(parc(world.college, "modele-inventaire.csv"))
    assert "N° d'inventaire;N° de série;Catégorie" in csv_file.content.decode("utf-8-sig")
    xlsx = client.get(parc(world.college, "modele-inventaire.xlsx"))
    assert xlsx.content[:2] == b"PK"


def test_index_shows_counts_and_indicators(client, world):
    EquipmentFactory.create_batch(2, school=world.college, category=Category.POSTE_FIXE)
    client.force_login(world["chef.college"])
    page = client.get(parc(world.college)).content.decode()
    assert "Postes pour 100 élèves" in page
    assert "Poste fixe" in page
