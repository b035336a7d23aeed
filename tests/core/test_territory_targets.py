"""The académie's questions across its schools, read from stored values: the schools furthest
from their own targets (else the thresholds) first; tenancy; no pupil names; flat queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pilote.core.models import SchoolIndicators, TerritorySummary
from pilote.core.territory import refresh_schools
from pilote.missions.choices import LetterStatus
from pilote.schooldata.models import Pupil
from tests.core.factories import SchoolFactory
from tests.missions.factories import MissionLetterFactory
from tests.names_seen import names_in, rows_of, secret_names
from tests.pilotage.factories import volet_with_target
from tests.schooldata.factories import GuardianFactory, PupilFactory


def url(kind="academie", code="17"):
    return reverse("core:territory_targets", kwargs={"kind": kind, "code": code})


def signed_letter(school):
    today = timezone.localdate()
    return MissionLetterFactory(
        school=school,
        status=LetterStatus.SIGNEE,
        start_date=today - datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=300),
    )


@pytest.fixture
def measured(world):
    """The lycée's RUPN holds a signed letter, the collège's does not; the collège sets
    itself a security target it is far from."""
    signed_letter(world.lycee)
    PupilFactory.create_batch(3, school=world.college, first_name="Zoé")
    GuardianFactory(school=world.college, first_name="Aurélien", last_name="Vasseur")
    target = volet_with_target(world.college, code="securite.maturite", value=100)
    target.pk = None
    target.code = "comptes.actifs"
    target.save()
    refresh_schools()
    return world


def test_refresh_stores_gaps_and_the_schools_own_targets(measured):
    college = SchoolIndicators.objects.get(school=measured.college)
    lycee = SchoolIndicators.objects.get(school=measured.lycee)
    assert (college.values["missions.lettre_signee"], lycee.values["missions.lettre_signee"]) == (
        0,
        1,
    )
    assert college.gaps["missions.lettre_signee"] == 1.0
    assert "missions.lettre_signee" not in lycee.gaps
    assert college.targets == {"securite.maturite": 100, "comptes.actifs": 100}
    assert college.gaps["comptes.actifs"] == 0.94  # 6 active accounts for a target of 100
    assert lycee.targets == {}
    stat = TerritorySummary.objects.get(academie=measured.academie).stats["missions.lettre_signee"]
    assert (stat["ok"], stat["alert"]) == (1, 1)
    accounts = TerritorySummary.objects.get(academie=measured.academie).stats["comptes.actifs"]
    assert accounts["targeted"] == 1


def test_drane_sees_each_question_and_the_school_furthest_from_its_targets_first(client, measured):
    client.force_login(measured["drane"])
    response = client.get(url(), {"question": "rupn"})
    assert response.status_code == 200
    page = response.content.decode()
    for question in (
        "ENT est-il activé",
        "certifiés Pix",
        "lettre de mission signée",
        "sécurité numérique",
        "continuité pédagogique",
    ):
        assert question in page
    rows = response.context["rows"]
    assert [row["school"] for row in rows] == [measured.college, measured.lycee]
    assert rows[0]["gap"] == 1.0 and rows[1]["gap"] == 0.0
    assert [i.code for i in response.context["columns"]] == ["missions.lettre_signee"]
    everything = client.get(url())
    assert "cible : 100 %" in everything.content.decode()
    assert len(everything.context["columns"]) > 5


def test_unknown_question_shows_them_all(client, measured):
    client.force_login(measured["drane"])
    response = client.get(url(), {"question": "<script>"})
    assert response.status_code == 200 and response.context["chosen_key"] == ""


def test_collectivite_sees_only_its_schools(client, measured):
    client.force_login(measured["gest.departement"])
    response = client.get(url("departement", "44"))
    assert [row["school"] for row in response.context["rows"]] == [measured.college]
    assert measured.lycee.name not in response.content.decode()
    assert client.get(url()).status_code in (403, 404)
    assert client.get(url("region", "52")).status_code in (403, 404)


def test_school_head_cannot_open_it(client, measured):
    client.force_login(measured["chef.college"])
    assert client.get(url()).status_code in (403, 404)


def test_no_pupil_or_family_name_on_the_page(client, measured):
    assert Pupil.objects.exists()
    client.force_login(measured["drane"])
    response = client.get(url())
    assert not names_in(rows_of(response.content, response["Content-Type"]), secret_names())


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url(), {"page": 1}).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_the_number_of_schools(client, world):
    client.force_login(world["drane"])
    refresh_schools()
    few = count_queries(client)
    SchoolFactory.create_batch(30, academie=world.academie, collectivite=world.departement)
    refresh_schools()
    assert count_queries(client) == few


# --- A school's dashboard: the median of its département or région next to each value -----


def cockpit(client, school):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("core:cockpit", kwargs={"uai": school.uai}))
    assert response.status_code == 200
    return response, len(captured)


def test_dashboard_shows_the_stored_median_of_its_collectivite(client, world):
    client.force_login(world["chef.college"])
    response, _ = cockpit(client, world.college)
    assert "Médiane ·" not in response.content.decode()  # nothing stored yet: no column
    SchoolFactory.create_batch(2, academie=world.academie, collectivite=world.departement)
    refresh_schools()
    response, before = cockpit(client, world.college)
    page = response.content.decode()
    assert "Médiane · Département Loire-Atlantique" in page
    medians = response.context["territory_medians"]
    # The collège has 6 active accounts, the two new schools none: the median is 0.
    assert medians["comptes.actifs"] == 0
    SchoolFactory.create_batch(20, academie=world.academie, collectivite=world.departement)
    refresh_schools()
    _, after = cockpit(client, world.college)
    assert after == before
    listing = client.get(reverse("core:indicators", kwargs={"uai": world.college.uai}))
    assert "Médiane · Département Loire-Atlantique" in listing.content.decode()
