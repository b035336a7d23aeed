"""Pages of « Données »: rights, tenancy, personal data, constant queries, bad input."""

import datetime

import pytest
from django.urls import reverse

from pilote.schooldata.models import DataFeed, DataSettings, Pupil

from .factories import (
    DataImportFactory,
    DivisionFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    StaffMemberFactory,
    TeachingServiceFactory,
)


def url(name, school, *args):
    return reverse(f"schooldata:{name}", args=[school.uai, *args])


@pytest.fixture
def college_data(world):
    school = world.college
    division = DivisionFactory(school=school, code="6 A")
    pupils = PupilFactory.create_batch(3, school=school, division=division)
    GuardianLinkFactory(pupil=pupils[0])
    PupilFactory(school=school, unplaced=True, last_name="SANSCLASSE")
    GuardianFactory(school=school, unreachable=True, last_name="INJOIGNABLE")
    teacher = StaffMemberFactory(school=school)
    StaffMemberFactory(school=school, last_name="OISIF")
    TeachingServiceFactory(division=division, teachers=[teacher])
    DivisionFactory(school=school, code="6 Z", sts_only=True)
    DataImportFactory(school=school)
    DataImportFactory(school=school, responsables=True)
    DataImportFactory(school=school, sts=True)
    return division


def test_quality_page_lists_anomalies_and_what_to_fix(client, world, college_data):
    client.force_login(world["chef.college"])
    response = client.get(url("index", world.college))
    page = response.content.decode()
    assert response.status_code == 200
    assert "SANSCLASSE" in page and "INJOIGNABLE" in page and "OISIF" in page
    assert "6 Z" in page and "Dans SIECLE" in page
    counts = response.context["counts"]
    assert counts["eleves.sans_division"] == 1
    assert counts["enseignants.sans_service"] == 1
    assert counts["divisions.sts_seulement"] == 1


def test_quality_page_hides_names_from_roles_without_personal_data(client, world, college_data):
    client.force_login(world["rrupn.college"])  # « Données » yes, « personnes » no
    page = client.get(url("index", world.college)).content.decode()
    assert "SANSCLASSE" not in page and "INJOIGNABLE" not in page
    assert "OISIF" in page  # staff are not pupils' personal data
    assert client.get(url("pupil_list", world.college)).status_code == 403
    detail = client.get(url("division_detail", world.college, college_data.pk))
    assert detail.status_code == 200 and "Élèves présents</caption>" not in detail.content.decode()


def test_freshness_is_unevaluated_before_any_import(client, world):
    client.force_login(world["chef.college"])
    response = client.get(url("index", world.college))
    assert "Jamais importé" in response.content.decode()
    assert response.context["counts"]["divisions.sans_service"] is None


def test_another_schools_division_is_404(client, world):
    division = DivisionFactory(school=world.lycee)
    client.force_login(world["chef.college"])
    assert client.get(url("division_detail", world.college, division.pk)).status_code == 404


def test_pupil_list_queries_stay_constant(client, world, django_assert_max_num_queries):
    division = DivisionFactory(school=world.college)
    PupilFactory.create_batch(60, school=world.college, division=division)
    client.force_login(world["chef.college"])
    with django_assert_max_num_queries(25):
        response = client.get(url("pupil_list", world.college))
    assert response.status_code == 200
    assert len(response.context["table"].page.object_list) == 50


def test_division_list_queries_stay_constant(client, world, django_assert_max_num_queries):
    for division in DivisionFactory.create_batch(40, school=world.college):
        PupilFactory(school=world.college, division=division)
    client.force_login(world["chef.college"])
    with django_assert_max_num_queries(25):
        assert client.get(url("division_list", world.college)).status_code == 200


def test_pupil_export_is_journaled(client, world, college_data):
    from pilote.core.models import JournalEntry

    client.force_login(world["chef.college"])
    response = client.get(url("pupil_list", world.college) + "?_export=csv")
    assert response.status_code == 200
    assert JournalEntry.objects.filter(action="personal_data_export").exists()


def test_circulation_records_dates_and_flags_stale_feeds(client, world, college_data):
    client.force_login(world["chef.college"])
    old = datetime.date.today() - datetime.timedelta(days=40)
    response = client.post(
        url("circulation", world.college),
        {"ent-last_fed_on": old.isoformat(), "ent-responsible": "RRUPN"},
    )
    assert response.status_code == 302
    assert DataFeed.objects.get(code="ent").last_fed_on == old
    page = client.get(url("circulation", world.college)).content.decode()
    assert "À réalimenter" in page


def test_circulation_refuses_a_future_date_and_saves_nothing(client, world):
    client.force_login(world["chef.college"])
    future = datetime.date.today() + datetime.timedelta(days=3)
    response = client.post(
        url("circulation", world.college),
        {"ent-last_fed_on": "2026-01-01", "gar-last_fed_on": future.isoformat()},
    )
    assert response.status_code == 400
    assert "futur" in response.content.decode()
    assert not DataFeed.objects.exists()


def test_circulation_is_read_only_for_viewers(client, world):
    client.force_login(world["rrupn.college"])
    assert client.get(url("circulation", world.college)).status_code == 200
    response = client.post(url("circulation", world.college), {"ent-last_fed_on": "2026-01-01"})
    assert response.status_code == 403


def test_freshness_threshold_setting(client, world):
    client.force_login(world["chef.college"])
    assert client.post(url("settings", world.college), {"freshness_days": "abc"}).status_code == 400
    assert not DataSettings.objects.exists()
    assert client.post(url("settings", world.college), {"freshness_days": "45"}).status_code == 302
    assert DataSettings.objects.get(school=world.college).freshness_days == 45


def test_api_lists_pupils_only_for_personal_data_roles(client, world, college_data):
    client.force_login(world["chef.college"])
    data = client.get("/api/v1/eleves/", {"school": world.college.uai}).json()
    rows = data["results"] if isinstance(data, dict) else data
    # Active pupils by default: SANSCLASSE is in no division.
    assert len(rows) == Pupil.objects.active().filter(school=world.college).count() == 3
    client.force_login(world["rrupn.college"])
    data = client.get("/api/v1/eleves/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert rows == []
    assert client.get("/api/v1/divisions/").status_code == 200


def test_pupil_list_shows_present_pupils_unless_asked(client, world):
    PupilFactory(school=world.college, last_name="PRESENTE")
    PupilFactory(school=world.college, left=True, last_name="PARTIE")
    client.force_login(world["chef.college"])
    page = client.get(url("pupil_list", world.college)).content.decode()
    assert "PRESENTE" in page and "PARTIE" not in page
    page = client.get(url("pupil_list", world.college), {"status": "sortis"}).content.decode()
    assert "PARTIE" in page and "PRESENTE" not in page
