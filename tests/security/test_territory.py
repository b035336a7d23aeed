"""The académie's pages: every school's incidents, its measures, its security contacts."""

from pilote.security.models import AcademieSecurityContact, SecurityMeasure

from .factories import IncidentFactory, SchoolMeasureFactory

BASE = "/territoires/academie/17/securite/"


def test_rssi_sees_the_incidents_of_every_school_of_the_academie(client, world):
    IncidentFactory(school=world.college, title="Hameçonnage au collège")
    IncidentFactory(school=world.lycee, title="Rançongiciel au lycée")
    client.force_login(world["rssi"])
    page = client.get(BASE).content.decode()
    assert "Hameçonnage au collège" in page and "Rançongiciel au lycée" in page
    page = client.get(BASE + "?school=0449902Z").content.decode()
    assert "Hameçonnage au collège" not in page


def test_collectivite_sees_only_its_schools(client, world):
    IncidentFactory(school=world.college, title="Au collège")
    IncidentFactory(school=world.lycee, title="Au lycée")
    client.force_login(world["gest.departement"])
    page = client.get("/territoires/departement/44/securite/").content.decode()
    assert "Au collège" in page and "Au lycée" not in page
    assert client.get("/territoires/departement/44/securite/contacts/").status_code == 404


def test_rssi_sets_the_dpd_address_others_cannot(client, world):
    data = {"dpd_name": "Mme DPD", "dpd_email": "dpd@ac-test.fr", "rssi_mailbox": ""}
    client.force_login(world["drane"])
    assert client.post(BASE + "contacts/", data).status_code == 403
    client.force_login(world["rssi"])
    assert (
        client.post(BASE + "contacts/", {**data, "dpd_email": "pas une adresse"}).status_code == 400
    )
    assert not AcademieSecurityContact.objects.exists()
    assert client.post(BASE + "contacts/", data).status_code == 302
    assert AcademieSecurityContact.objects.get().dpd_email == "dpd@ac-test.fr"


def test_academie_adds_a_measure_to_all_its_schools(client, world):
    client.force_login(world["rssi"])
    response = client.post(BASE + "mesures/", {"label": "Chiffrer les portables", "notions": "cd"})
    assert response.status_code == 302
    measure = SecurityMeasure.objects.get(academie=world.academie)
    assert measure.notions == "DC" and measure.code == "ac17-01"
    assert client.post(BASE + "mesures/", {"label": "X", "notions": "Z"}).status_code == 400
    SchoolMeasureFactory(school=world.college, measure=measure)
    client.force_login(world["chef.college"])
    assert (
        "Chiffrer les portables"
        in client.get("/etablissements/0449901Y/securite/mesures/").content.decode()
    )
    client.force_login(world["drane"])
    assert client.post(BASE + "mesures/", {"label": "Y", "notions": "C"}).status_code == 403


def test_school_page_links_the_rssi_to_the_academie_list(client, world):
    client.force_login(world["rssi"])
    page = client.get("/etablissements/0449901Y/securite/").content.decode()
    assert BASE in page
    client.force_login(world["chef.college"])
    assert BASE not in client.get("/etablissements/0449901Y/securite/").content.decode()


def test_territory_list_queries_do_not_grow(client, world, django_assert_max_num_queries):
    IncidentFactory.create_batch(30, school=world.college)
    IncidentFactory.create_batch(30, school=world.lycee)
    client.force_login(world["rssi"])
    with django_assert_max_num_queries(12):
        assert client.get(BASE).status_code == 200
