"""The académie's DPD reads the RGPD registers, the incidents with personal data and the
journal of personal-data exports — and nothing else (issue #15, item 5)."""

import pytest

from pilote.core.choices import JournalAction, Role
from pilote.core.journal import record
from pilote.core.models import Membership
from tests.catalogue.factories import RegisterEntryFactory
from tests.core.factories import UserFactory
from tests.security.factories import IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpd(world):
    user = UserFactory(username="dpd.nantes")
    Membership.objects.create(user=user, academie=world.academie, role=Role.DPD)
    return user


@pytest.fixture
def dpd_client(client, dpd):
    client.force_login(dpd)
    return client


def test_the_dpd_lands_on_its_page_and_reads_the_registers(world, dpd_client):
    RegisterEntryFactory(school=world.college, name="Vie scolaire en ligne", retention="1 an")
    response = dpd_client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/territoires/academie/17/dpd/"
    assert "Registres des établissements" in response.content.decode()
    register = dpd_client.get(f"/territoires/academie/17/dpd/registres/{world.college.uai}/")
    page = register.content.decode()
    assert register.status_code == 200
    assert "Vie scolaire en ligne" in page
    assert "Pilote" in page  # Pilote's own processing, even before the head saves its fiche


def test_the_dpd_reads_incidents_with_personal_data_only(world, dpd_client):
    leak = IncidentFactory(
        school=world.college, personal=True, affected_people_note="Mme Durand, parent"
    )
    outage = IncidentFactory(school=world.college, outage=True, title="Panne du réseau")
    index = dpd_client.get("/territoires/academie/17/dpd/").content.decode()
    assert leak.title in index and "Panne du réseau" not in index
    detail = dpd_client.get(f"/territoires/academie/17/dpd/incidents/{leak.pk}/")
    assert "Coordonnées des responsables légaux" in detail.content.decode()
    assert "Mme Durand, parent" in detail.content.decode()
    assert dpd_client.get(f"/territoires/academie/17/dpd/incidents/{outage.pk}/").status_code == 404


def test_the_dpd_journal_shows_personal_data_exports_only(world, dpd_client):
    record(JournalAction.PERSONAL_DATA_EXPORT, "Export CSV : élèves", school=world.college)
    record(
        JournalAction.PERSONAL_DATA_READ, "Lecture par l'API : participations", school=world.lycee
    )
    record(JournalAction.LOGIN, "Connexion de chef.college", school=world.college)
    page = dpd_client.get("/territoires/academie/17/dpd/journal/").content.decode()
    assert "Export CSV : élèves" in page
    assert "Lecture par l&#x27;API : participations" in page or "Lecture par l'API" in page
    assert "Connexion de chef.college" not in page


def test_nothing_else_is_open_to_the_dpd(world, dpd_client):
    incident = IncidentFactory(school=world.college, personal=True)
    college = f"/etablissements/{world.college.uai}"
    for url in (
        f"{college}/",
        f"{college}/services/",
        f"{college}/services/registre/",
        f"{college}/securite/",
        f"{college}/securite/incidents/{incident.pk}/",
        f"{college}/journal/",
        f"{college}/donnees/eleves/",
        "/territoires/academie/17/",
        "/territoires/academie/17/securite/",
        "/territoires/academie/17/journal/",
    ):
        assert dpd_client.get(url).status_code in (403, 404), url
    for endpoint in ("eleves", "competences/participations", "incidents-securite", "services"):
        response = dpd_client.get(f"/api/v1/{endpoint}/?format=json")
        assert response.status_code in (200, 404), endpoint
        if response.status_code == 200:
            assert response.json()["count"] == 0, endpoint


def test_other_roles_do_not_reach_the_dpd_pages(world, client):
    for username in ("rssi", "drane", "chef.college", "tech.departement"):
        client.force_login(world[username])
        status = client.get("/territoires/academie/17/dpd/").status_code
        assert status in (403, 404), username
    client.force_login(world["rssi"])
    assert client.get("/territoires/departement/44/dpd/").status_code == 404
