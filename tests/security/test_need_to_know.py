"""The collectivité informed of an incident reads its summary, never personal details
(issue #15, item 2: it read « Personnes concernées : … »)."""

import pytest

from tests.security.factories import IncidentFactory

pytestmark = pytest.mark.django_db

DETAILS = ("Mme Durand, parent d'élève", "Coordonnées des responsables légaux", "Ce qui s'est")


@pytest.fixture
def incident(world):
    incident = IncidentFactory(
        school=world.college,
        personal=True,
        title="Fuite de la liste des familles",
        affected_people_note="Mme Durand, parent d'élève",
    )
    incident.affected_people.add(world["cpe.college"])
    return incident


def test_the_collectivite_reads_the_summary_without_personal_details(world, client, incident):
    url = f"/etablissements/{world.college.uai}/securite/incidents/{incident.pk}/"
    for username in ("tech.departement", "gest.departement", "drane"):
        client.force_login(world[username])
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200, username
        assert "Fuite de la liste des familles" in page
        assert "Personnes concernées" not in page, username
        assert str(world["cpe.college"]) not in page, username
        for detail in DETAILS:
            assert detail not in page.replace("&#x27;", "'"), (username, detail)
        assert client.get(url + "rapport.pdf").status_code in (403, 404), username


def test_the_school_and_the_rssi_read_the_details(world, client, incident):
    url = f"/etablissements/{world.college.uai}/securite/incidents/{incident.pk}/"
    for username in ("chef.college", "rssi"):
        client.force_login(world[username])
        page = client.get(url).content.decode().replace("&#x27;", "'")
        assert "Personnes concernées" in page, username
        assert "Mme Durand, parent d'élève" in page, username
        assert "Coordonnées des responsables légaux" in page, username
