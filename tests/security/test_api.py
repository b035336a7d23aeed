"""The read-only API lists only what the caller may read."""

from .factories import IncidentFactory, SchoolMeasureFactory


def test_api_lists_the_incidents_of_the_callers_schools(client, world):
    IncidentFactory(school=world.college)
    IncidentFactory(school=world.lycee)
    client.force_login(world["chef.college"])
    rows = client.get("/api/v1/incidents-securite/").json()["results"]
    assert [row["school"] for row in rows] == [world.college.uai]
    assert rows[0]["reference"] == "INC-001"
    client.force_login(world["rssi"])
    assert client.get("/api/v1/incidents-securite/").json()["count"] == 2
    client.force_login(world["prof.college"])
    assert client.get("/api/v1/incidents-securite/").json()["count"] == 0


def test_api_lists_measure_answers(client, world):
    SchoolMeasureFactory(school=world.college, measure__academie=world.academie)
    client.force_login(world["chef.college"])
    rows = client.get("/api/v1/mesures-securite/?school=0449901Y").json()["results"]
    assert rows[0]["status"] == "en_place"
