"""The collectivité's questions on its fleet: homogeneity (models, systems, ages) and the
yearly equipment survey in the ETIC shape, exported by the worker; tenancy; no pupil names."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pilote.core.models import BackgroundJob, JobStatus
from pilote.inventory.choices import Category
from pilote.schooldata.models import Pupil
from tests.core.factories import SchoolFactory
from tests.inventory.factories import EquipmentFactory, RoomFactory
from tests.names_seen import names_in, rows_of, secret_names
from tests.schooldata.factories import GuardianFactory, PupilFactory

FLEET = "/territoires/departement/44/parc/flotte/"
SURVEY = "/territoires/departement/44/parc/enquete/"


@pytest.fixture
def fleets(world):
    PupilFactory.create_batch(20, school=world.college, first_name="Zoé")
    GuardianFactory(school=world.college, first_name="Aurélien", last_name="Vasseur")
    EquipmentFactory.create_batch(3, school=world.college, old=True, operating_system="Windows 11")
    EquipmentFactory(school=world.college, brand="HP", model="ProBook", operating_system="Linux")
    EquipmentFactory(
        school=world.college, category=Category.POSTE_FIXE, operating_system="Windows 11"
    )
    EquipmentFactory(school=world.college, category=Category.VIDEOPROJECTEUR, brand="Epson")
    EquipmentFactory(school=world.college, category=Category.ECRAN_INTERACTIF, brand="Promethean")
    RoomFactory.create_batch(3, school=world.college)
    RoomFactory(school=world.college, unwired=True)
    EquipmentFactory.create_batch(4, school=world.lycee, brand="Lenovo", model="T14")
    return world


def test_collectivite_sees_the_homogeneity_of_its_fleet_only(client, fleets):
    client.force_login(fleets["gest.departement"])
    response = client.get(FLEET)
    assert response.status_code == 200
    fleet = response.context["fleet"]
    assert (fleet["total"], fleet["models"], fleet["systems"]) == (5, 2, 2)
    assert fleet["top_models"][0] == {"label": "Dell Latitude 3540", "count": 4, "share": 80.0}
    assert fleet["top_systems"][0]["label"] == "Windows 11"
    ages = {row["label"]: row["count"] for row in fleet["ages"]}
    assert ages["moins de 3 ans"] == 2 and ages["5 à 8 ans"] == 3
    (school, row), *_ = response.context["rows"]
    assert school == fleets.college and row["old_share"] == 60.0
    page = response.content.decode()
    assert "Lenovo" not in page and fleets.lycee.name not in page


def test_school_head_and_other_collectivite_are_refused(client, fleets):
    for user in ("chef.college", "gest.region"):
        client.force_login(fleets[user])
        assert client.get(FLEET).status_code in (403, 404)
        assert client.post(SURVEY, {"format": "csv"}).status_code in (403, 404)
    assert not BackgroundJob.objects.exists()


def test_fleet_page_takes_the_same_queries_for_many_schools(client, fleets):
    client.force_login(fleets["gest.departement"])
    with CaptureQueriesContext(connection) as few:
        client.get(FLEET)
    for school in SchoolFactory.create_batch(10, collectivite=fleets.departement):
        EquipmentFactory(school=school, old=True)
    with CaptureQueriesContext(connection) as many:
        client.get(FLEET)
    assert len(many) == len(few)


def survey_rows(job) -> list[list[str]]:
    return list(csv.reader(io.StringIO(job.result_file.read().decode("utf-8-sig"))))


def test_survey_is_made_by_the_worker_in_the_etic_shape(client, fleets):
    client.force_login(fleets["gest.departement"])
    assert client.get(SURVEY).status_code == 200
    response = client.post(SURVEY, {"format": "csv"})
    job = BackgroundJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == JobStatus.DONE
    header, college, total = survey_rows(job)
    assert header[7:12] == [
        "Postes fixes pour 100 élèves",
        "Postes mobiles pour 100 élèves",
        "Part des postes de plus de 5 ans (%)",
        "Vidéoprojecteurs pour 1 000 élèves",
        "Écrans interactifs (TNI, VPI, ENI) pour 1 000 élèves",
    ]
    by_name = dict(zip(header, college, strict=True))
    pupils = Pupil.objects.active().filter(school=fleets.college).count() or (
        fleets.college.declared_pupils
    )
    assert by_name["UAI"] == fleets.college.uai
    assert (
        by_name["Postes fixes"] == "1" and by_name["Postes mobiles (portables et tablettes)"] == "4"
    )
    assert float(by_name["Postes mobiles pour 100 élèves"]) == round(400 / pupils, 1)
    assert by_name["Part des postes de plus de 5 ans (%)"] == "60.0"
    assert float(by_name["Vidéoprojecteurs pour 1 000 élèves"]) == round(1000 / pupils, 1)
    assert by_name["Salles de classe raccordées à internet (%)"] == "75.0"
    assert by_name["Internet dans au moins la moitié des salles de classe"] == "oui"
    assert total[1].startswith("Total") and total[5] == "1"
    assert fleets.lycee.uai not in {row[0] for row in survey_rows(job)}


def test_survey_refuses_an_unknown_format_and_starts_nothing(client, fleets):
    client.force_login(fleets["gest.departement"])
    response = client.post(SURVEY, {"format": "pdf"})
    assert response.status_code == 400
    assert "Format inconnu" in response.content.decode()
    assert not BackgroundJob.objects.exists()


def test_no_pupil_or_family_name_in_the_pages_or_the_survey(client, fleets):
    client.force_login(fleets["gest.departement"])
    names = secret_names()
    assert names
    for page in (FLEET, SURVEY):
        response = client.get(page)
        assert not names_in(rows_of(response.content, response["Content-Type"]), names)
    client.post(SURVEY, {"format": "xlsx"})
    job = BackgroundJob.objects.get()
    body = job.result_file.read()
    assert not names_in(
        rows_of(body, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), names
    )
