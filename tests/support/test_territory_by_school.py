"""The collectivité's question on assistance: volumes, open and late requests, and the median
resolution delay, per school; tenancy; queries independent of the number of schools."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pilote.support.choices import Recipient, RequestStatus
from tests.core.factories import SchoolFactory
from tests.names_seen import names_in, rows_of, secret_names
from tests.schooldata.factories import GuardianFactory, PupilFactory
from tests.support.factories import SupportRequestFactory

URL = "/territoires/departement/44/assistance/etablissements/"


@pytest.fixture
def requests(world):
    now = timezone.now()
    for days in (2, 4, 9):
        SupportRequestFactory(
            school=world.college,
            recipient=Recipient.COLLECTIVITE,
            status=RequestStatus.RESOLUE,
            resolved_at=now,
            resolution_days=days,
        )
    SupportRequestFactory(
        school=world.college,
        recipient=Recipient.COLLECTIVITE,
        due_date=timezone.localdate() - timedelta(days=3),
    )
    SupportRequestFactory(school=world.college, recipient=Recipient.ETABLISSEMENT)
    SupportRequestFactory(school=world.lycee, recipient=Recipient.COLLECTIVITE)
    return world


def test_collectivite_sees_volumes_and_delays_of_its_schools(client, requests):
    client.force_login(requests["gest.departement"])
    response = client.get(URL)
    assert response.status_code == 200
    (school, median), *others = response.context["rows"]
    assert school == requests.college and not others
    assert (school.received, school.still_open, school.late) == (4, 1, 1)
    assert median == 4
    assert response.context["totals"] == {"received": 4, "still_open": 1}
    page = response.content.decode()
    assert "4 jours" in page and requests.lycee.name not in page


def test_school_head_and_other_collectivite_are_refused(client, requests):
    for user in ("chef.college", "gest.region"):
        client.force_login(requests[user])
        assert client.get(URL).status_code in (403, 404)


def test_same_queries_for_many_schools(client, requests):
    client.force_login(requests["gest.departement"])
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for school in SchoolFactory.create_batch(10, collectivite=requests.departement):
        SupportRequestFactory(school=school, recipient=Recipient.COLLECTIVITE)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


def test_no_pupil_or_family_name_on_the_page(client, requests):
    PupilFactory(school=requests.college, first_name="Zoé", last_name="Lemarchand")
    GuardianFactory(school=requests.college, first_name="Aurélien", last_name="Vasseur")
    client.force_login(requests["gest.departement"])
    response = client.get(URL)
    assert not names_in(rows_of(response.content, response["Content-Type"]), secret_names())
