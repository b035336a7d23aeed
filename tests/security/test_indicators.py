"""The six indicators of the module, for several schools at once."""

from datetime import timedelta

from django.utils import timezone

from pilote.core.metrics import registry
from pilote.security.choices import IncidentStatus

from .factories import CharterVersionFactory, IncidentFactory, StaffAcknowledgementFactory

CODES = [
    "securite.incidents_ouverts",
    "securite.incidents_12_mois",
    "securite.delai_signalement",
    "securite.maturite",
    "securite.revues_en_retard",
    "charte.acceptation",
]


def values(schools):
    measures = registry.measure(schools, ["securite"])
    return {
        school.pk: {m.indicator.code: m.value for m in measures[school.pk]} for school in schools
    }


def test_codes_are_registered_under_security():
    for code in CODES:
        assert registry.by_code[code].domain == "securite"


def test_incident_counts_and_median_report_delay(world):
    now = timezone.now()
    for hours in (2, 10, 30):
        IncidentFactory(
            school=world.college,
            detected_at=now - timedelta(days=5),
            reported_at=now - timedelta(days=5) + timedelta(hours=hours),
            status=IncidentStatus.REPORTED,
        )
    IncidentFactory(school=world.college, closed=True)
    IncidentFactory(school=world.college, old=True, closed=True, reported_at=now)
    result = values([world.college, world.lycee])
    college = result[world.college.pk]
    assert college["securite.incidents_ouverts"] == 3
    assert college["securite.incidents_12_mois"] == 4
    assert college["securite.delai_signalement"] == 10.0
    lycee = result[world.lycee.pk]
    assert lycee["securite.incidents_ouverts"] == 0 and lycee["securite.delai_signalement"] is None
    assert lycee["securite.maturite"] is None and lycee["charte.acceptation"] is None


def test_overdue_reviews_and_charter_rate(world):
    version = CharterVersionFactory(school=world.college, staff_only=True)
    for username in ("chef.college", "adjoint.college", "sg.college"):
        StaffAcknowledgementFactory(version=version, user=world[username])
    college = values([world.college])[world.college.pk]
    assert college["charte.acceptation"] == 50.0
    assert college["securite.revues_en_retard"] == 0  # roles granted today
    membership = world["sg.college"].memberships.get()
    membership.start_date = timezone.localdate() - timedelta(days=500)
    membership.save()
    assert values([world.college])[world.college.pk]["securite.revues_en_retard"] == 1


def test_detail_pages_break_values_down(client, world):
    IncidentFactory(school=world.college, personal=True)
    client.force_login(world["chef.college"])
    base = f"/etablissements/{world.college.uai}/indicateurs/"
    page = client.get(base + "securite.incidents_ouverts/").content.decode()
    assert "Grave" in page
    page = client.get(base + "securite.incidents_12_mois/").content.decode()
    assert "Catégorie : Fuite de données personnelles" in page and "Confidentialité" in page
    for code in CODES:
        assert client.get(base + code + "/").status_code == 200


def test_queries_do_not_grow_with_schools(world, django_assert_max_num_queries):
    from tests.core.factories import SchoolFactory

    schools = [world.college, world.lycee, *SchoolFactory.create_batch(20, academie=world.academie)]
    for school in schools:
        IncidentFactory(school=school, reported=True)
    with django_assert_max_num_queries(14):
        registry.measure(schools, ["securite"])
