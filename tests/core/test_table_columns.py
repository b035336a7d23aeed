"""Each person chooses the columns of a list; the choice is kept per person and table, applied
on the next visit, and never shows a column the person's role does not allow (issue #20)."""

import re

import django_tables2 as tables
import pytest
from django.http import QueryDict
from django.urls import reverse

from pilote.core import table_columns
from pilote.core.models import TableColumns
from pilote.core.permissions import PUPIL_NAMES, capabilities_for
from pilote.core.tables import PiloteTable
from tests.inventory.factories import EquipmentFactory

pytestmark = pytest.mark.django_db

KEY = "inventory.EquipmentTable"


def equipment_list(world, query=""):
    return f"/etablissements/{world.college.uai}/parc/equipements/{query}"


def shown(response) -> list[str]:
    return [name for name, _ in response.context["table"].columns.iteritems()]


def choose(client, world, *names, query=""):
    return client.post(
        equipment_list(world, query), {"colonnes": list(names), "_colonnes": "enregistrer"}
    )


def test_a_wide_list_shows_the_columns_that_matter_and_offers_the_others(client, world):
    client.force_login(world["chef.college"])
    response = client.get(equipment_list(world))
    assert response.status_code == 200
    assert "serial_number" not in shown(response)
    assert {"select", "inventory_number", "category", "status"} <= set(shown(response))
    page = response.content.decode()
    # A form of checkboxes inside a <details>: no JavaScript needed.
    assert '<details class="pilote-columns' in page
    assert 'name="colonnes" value="serial_number"' in page
    assert 'name="colonnes" value="category" checked' in page
    # The selection and the row's link are always there, never offered.
    assert 'value="select"' not in page
    assert 'name="colonnes" value="inventory_number"' not in page


def test_the_choice_is_saved_and_applied_on_the_next_visit(client, world):
    EquipmentFactory(school=world.college, serial_number="SN-42")
    client.force_login(world["chef.college"])
    response = choose(client, world, "serial_number", "status", query="?status=en_service")
    assert response.status_code == 302
    assert response["Location"] == equipment_list(world, "?status=en_service")
    saved = TableColumns.objects.get(user=world["chef.college"], table=KEY)
    assert saved.columns == ["serial_number", "status"]

    response = client.get(equipment_list(world))
    assert shown(response) == ["select", "inventory_number", "serial_number", "status"]
    page = response.content.decode()
    assert "SN-42" in page
    # The rows written out by the template follow the header.
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    first_row = body.split("</tr>")[0]
    assert len(re.findall(r"<td[ >]", first_row)) == 4
    assert "(votre choix)" in page

    # Back to the table's default: the saved choice is forgotten.
    client.post(equipment_list(world), {"_colonnes": "defaut"})
    assert not TableColumns.objects.filter(user=world["chef.college"]).exists()
    assert "serial_number" not in shown(client.get(equipment_list(world)))


def test_the_export_keeps_every_column_whatever_the_choice(client, world):
    EquipmentFactory(school=world.college)
    client.force_login(world["chef.college"])
    choose(client, world, "status")
    export = client.get(equipment_list(world, "?_export=csv")).content.decode("utf-8-sig")
    header = export.splitlines()[0].split(",")
    assert {"N° de série", "Catégorie", "Maintenu par", "État", "Durée de vie"} <= set(header)


def test_another_persons_choice_is_not_applied(client, world):
    TableColumns.objects.create(user=world["chef.college"], table=KEY, columns=["serial_number"])
    client.force_login(world["adjoint.college"])
    response = client.get(equipment_list(world))
    assert "serial_number" not in shown(response)
    assert "category" in shown(response)
    assert "(votre choix)" not in response.content.decode()


@pytest.mark.parametrize("forged", ["actions", "ine", "<script>", "select"])
def test_a_column_that_cannot_be_chosen_refuses_the_form(client, world, forged):
    client.force_login(world["chef.college"])
    TableColumns.objects.create(user=world["chef.college"], table=KEY, columns=["room"])
    response = choose(client, world, "status", forged)
    assert response.status_code == 400
    assert "Colonne inconnue ou que votre rôle ne permet pas" in response.content.decode()
    assert "<script>" not in response.content.decode()
    assert TableColumns.objects.get(user=world["chef.college"], table=KEY).columns == ["room"]


def test_an_incomplete_form_changes_nothing(client, world):
    client.force_login(world["chef.college"])
    response = client.post(equipment_list(world), {"colonnes": ["status"]})
    assert response.status_code == 400
    assert "rechargez la page" in response.content.decode()
    assert not TableColumns.objects.exists()


def test_a_reader_of_the_list_may_choose_its_columns(client, world):
    """Choosing one's columns writes nothing of the school: seeing the list is enough."""
    client.force_login(world["prof.college"])
    assert choose(client, world, "room").status_code == 302
    assert shown(client.get(equipment_list(world))) == ["inventory_number", "room"]


def test_a_list_the_person_cannot_see_cannot_take_a_choice(client, world):
    client.force_login(world["chef.lycee"])
    assert choose(client, world, "room").status_code == 404
    assert not TableColumns.objects.exists()


class NamedTable(PiloteTable):
    """A list with a column of pupils' names, which only some roles may see."""

    reference = tables.Column()
    pupil = tables.Column(verbose_name="Élève")
    division = tables.Column(verbose_name="Division")
    status = tables.Column(verbose_name="État")

    column_capabilities = {"pupil": PUPIL_NAMES}
    default_columns = ("pupil", "division")


def post(**data) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in data.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    return query


def named_table(world, username):
    table = NamedTable(data=[])
    table_columns.exclude_forbidden(table, capabilities_for(world[username], world.college))
    return table


def test_a_column_the_role_does_not_allow_can_never_be_chosen(world):
    # The head sees pupils' names; the technician of the département does not.
    assert capabilities_for(world["chef.college"], world.college).can(*PUPIL_NAMES)
    technician = world["tech.departement"]
    assert not capabilities_for(technician, world.college).can(*PUPIL_NAMES)

    table = named_table(world, "tech.departement")
    choice = table_columns.apply(table, technician)
    assert [o.name for o in choice.options] == ["division", "status"]
    assert "pupil" not in table.shown_names

    error = table_columns.save(table, technician, post(colonnes=["pupil"], _colonnes="enregistrer"))
    assert "votre rôle ne permet pas" in error
    assert not TableColumns.objects.exists()

    # A name saved earlier (or by hand) does not bring the column back.
    TableColumns.objects.create(
        user=technician, table=NamedTable.columns_key(), columns=["pupil", "status"]
    )
    table = named_table(world, "tech.departement")
    table_columns.apply(table, technician)
    assert table.shown_names == {"reference", "status"}

    head_table = named_table(world, "chef.college")
    table_columns.apply(head_table, world["chef.college"])
    assert head_table.shown_names == {"reference", "pupil", "division"}


def test_a_saved_choice_costs_one_query_on_the_list(client, world, django_assert_max_num_queries):
    for _ in range(60):
        EquipmentFactory(school=world.college)
    client.force_login(world["chef.college"])
    choose(client, world, "serial_number", "maintainer", "room")
    # One query for the choice: the ceiling of the list's own test (tests/inventory/test_views.py)
    with django_assert_max_num_queries(16):
        response = client.get(equipment_list(world, "?per_page=100"))
    assert shown(response) == ["select", "inventory_number", "serial_number", "room", "maintainer"]


def members_list(world):
    return reverse("core:members", kwargs={"uai": world.college.uai})


def offered(response) -> list[str]:
    return [option.name for option in response.context["column_choice"].options]


def test_the_members_list_offers_its_columns_and_never_the_actions(client, world):
    client.force_login(world["chef.college"])
    response = client.get(members_list(world))
    assert offered(response) == ["email", "role", "start_date", "end_date", "last_login"]
    assert "end_date" not in shown(response)
    assert {"user", "actions"} <= set(shown(response))
    assert "l'export contient" not in response.content.decode()
    saved = client.post(members_list(world), {"colonnes": ["role"], "_colonnes": "enregistrer"})
    assert saved.status_code == 302
    assert shown(client.get(members_list(world))) == ["user", "role", "actions"]

    # The deputy reads the list without managing roles: no actions, and a form naming them
    # is refused with the database unchanged.
    client.force_login(world["adjoint.college"])
    response = client.get(members_list(world))
    assert "actions" not in shown(response) and "actions" not in offered(response)
    forged = client.post(
        members_list(world), {"colonnes": ["role", "actions"], "_colonnes": "enregistrer"}
    )
    assert forged.status_code == 400
    assert "votre rôle ne permet pas" in forged.content.decode()
    assert list(TableColumns.objects.values_list("user__username", "table", "columns")) == [
        ("chef.college", "core.MembershipTable", ["role"])
    ]


def test_the_journal_offers_its_columns_apart_from_the_territorys(client, world):
    school_journal = reverse("core:journal", kwargs={"uai": world.college.uai})
    territory_journal = reverse("core:territory_journal", kwargs={"kind": "academie", "code": "17"})
    client.force_login(world["chef.college"])
    response = client.get(school_journal)
    # A school's journal has no « Établissement » column to offer.
    assert offered(response) == ["action", "actor_label", "summary", "ip_address"]
    assert "ip_address" not in shown(response)
    choice = {"colonnes": ["summary", "ip_address"], "_colonnes": "enregistrer"}
    assert client.post(school_journal, choice).status_code == 302
    assert shown(client.get(school_journal)) == ["timestamp", "summary", "ip_address"]
    assert client.post(school_journal, {**choice, "colonnes": ["school"]}).status_code == 400

    client.force_login(world["rssi"])
    response = client.get(territory_journal)
    assert "school" in offered(response) and "school" in shown(response)
    assert client.post(territory_journal, {**choice, "colonnes": ["school"]}).status_code == 302
    assert shown(client.get(territory_journal)) == ["timestamp", "school"]
    assert dict(TableColumns.objects.values_list("table", "columns")) == {
        "core.JournalTable": ["summary", "ip_address"],
        "core.JournalTable:territoire": ["school"],
    }


@pytest.mark.parametrize(
    ("username", "name", "hidden"),
    [
        ("rssi", "security_territory:incidents", "category"),
        ("assistance", "support_territory:queue", "subject"),
    ],
)
def test_the_territory_lists_offer_their_columns(client, world, username, name, hidden):
    target = reverse(name, kwargs={"kind": "academie", "code": "17"})
    client.force_login(world[username])
    response = client.get(target)
    assert response.status_code == 200
    assert hidden in offered(response) and hidden not in shown(response)
    assert "school" in shown(response)
    assert '<details class="pilote-columns' in response.content.decode()
    response = client.post(target, {"colonnes": [hidden], "_colonnes": "enregistrer"})
    assert response.status_code == 302
    assert hidden in shown(client.get(target))
    refused = client.post(target, {"colonnes": ["<b>x</b>"], "_colonnes": "enregistrer"})
    assert refused.status_code == 400
    assert TableColumns.objects.get(user=world[username]).columns == [hidden]
