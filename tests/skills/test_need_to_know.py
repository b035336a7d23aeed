"""Named Pix results are for those who may see pupils and families (issue #15, item 2): the
collectivité's technicians, the académie's staff and teachers read them neither on the pages,
nor in the exports, nor through the API; they keep the counts."""

import pytest

from tests.skills.factories import CampaignFactory, CertificationResultFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

NAMED = [
    "participations/",
    "participations/?_export=csv",
    "participations/?_export=xlsx",
    "relances/",
    "certification/eleves/",
    "certification/eleves/?_export=csv",
    "certification/resultats/",
    "certification/resultats/?_export=xlsx",
]
WITHOUT = ["prof.college", "rrupn.college", "tech.departement", "drane", "rssi", "assistance"]


@pytest.fixture
def results(world):
    campaign = CampaignFactory(school=world.college)
    ParticipationFactory(campaign=campaign, last_name="ZORGLUB", first_name="Léonie")
    CertificationResultFactory(school=world.college, last_name="ZORGLUB", first_name="Léonie")
    return campaign


def test_roles_without_the_capability_read_no_named_pix_result(world, client, results):
    base = f"/etablissements/{world.college.uai}/competences/"
    for username in WITHOUT:
        client.force_login(world[username])
        for url in NAMED:
            assert client.get(base + url).status_code == 403, (username, url)
        for endpoint in ("participations", "certifications"):
            response = client.get(f"/api/v1/competences/{endpoint}/?format=json")
            assert response.status_code == 200
            assert response.json()["count"] == 0, (username, endpoint)
        for page in ("", "maitrise/", f"campagnes/{results.pk}/", "certification/"):
            response = client.get(base + page)
            assert response.status_code == 200, (username, page)
            assert "ZORGLUB" not in response.content.decode(), (username, page)


def test_the_head_and_the_cpe_read_them(world, client, results):
    base = f"/etablissements/{world.college.uai}/competences/"
    for username in ("chef.college", "cpe.college"):
        client.force_login(world[username])
        for url in NAMED[:2]:
            response = client.get(base + url)
            body = b"".join(response) if response.streaming else response.content
            assert response.status_code == 200, (username, url)
            assert "ZORGLUB" in body.decode(), (username, url)
        rows = client.get("/api/v1/competences/participations/?format=json").json()["results"]
        assert [row["last_name"] for row in rows] == ["ZORGLUB"], username
