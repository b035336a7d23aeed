"""The collectivité's question: devices to renew each year across its schools, and the cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.core.factories import SchoolFactory
from tests.inventory.factories import EquipmentFactory

URL = "/territoires/departement/44/parc/renouvellements/"


@pytest.fixture
def fleets(world):
    EquipmentFactory.create_batch(3, school=world.college, old=True, cost=500)
    EquipmentFactory(school=world.college, cost=None, old=True)
    EquipmentFactory.create_batch(2, school=world.college)  # bought last year: not due
    EquipmentFactory.create_batch(5, school=world.lycee, old=True, cost=900)
    return world


def test_collectivite_sees_renewals_of_its_schools_only(client, fleets):
    client.force_login(fleets["gest.departement"])
    response = client.get(URL)
    assert response.status_code == 200
    this_year = response.context["renewals"][0]
    assert this_year["year"] == timezone.localdate().year
    assert (this_year["count"], this_year["costed"], this_year["cost"]) == (4, 3, 1500)
    due = list(response.context["schools_due"])
    assert [row["school__uai"] for row in due] == [fleets.college.uai]
    page = response.content.decode()
    assert fleets.lycee.name not in page
    assert "<td>4</td><td>1\xa0500 €" in page  # French grouping


def test_school_head_and_other_collectivite_are_refused(client, fleets):
    client.force_login(fleets["chef.college"])
    assert client.get(URL).status_code in (403, 404)
    client.force_login(fleets["gest.region"])
    assert client.get(URL).status_code in (403, 404)


def test_renewals_take_the_same_queries_for_many_schools(client, fleets):
    client.force_login(fleets["gest.departement"])
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for school in SchoolFactory.create_batch(10, collectivite=fleets.departement):
        EquipmentFactory(school=school, old=True)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)
