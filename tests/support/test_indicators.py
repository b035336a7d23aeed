"""Assistance indicators: open requests by recipient, median resolution time, late requests."""

from datetime import timedelta

from django.utils import timezone

from pilote.core.metrics import registry
from pilote.support.indicators import assistance_indicators, most_reported_equipment
from tests.core.factories import SchoolFactory
from tests.support.factories import EquipmentFactory, SupportRequestFactory


def test_values_per_school(world):
    college = world.college
    SupportRequestFactory.create_batch(2, school=college)
    SupportRequestFactory(school=college, academie=True, late=True)
    SupportRequestFactory(school=college, etablissement=True)
    for days in (1, 3, 8):
        SupportRequestFactory(school=college, resolved=True, resolution_days=days)
    SupportRequestFactory(
        school=college,
        closed=True,
        resolution_days=50,
        resolved_at=timezone.now() - timedelta(days=400),
    )
    values = assistance_indicators([college, world.lycee])
    assert values[college.pk] == {
        "assistance.ouvertes_collectivite": 2,
        "assistance.ouvertes_academie": 1,
        "assistance.ouvertes_etablissement": 1,
        "assistance.hors_delai": 1,
        "assistance.delai_median": 3,
    }
    assert values[world.lycee.pk]["assistance.delai_median"] is None
    assert values[world.lycee.pk]["assistance.ouvertes_collectivite"] == 0


def test_many_schools_in_two_queries(world, django_assert_max_num_queries):
    schools = [world.college, *SchoolFactory.create_batch(30)]
    for school in schools:
        SupportRequestFactory(school=school, resolved=True)
        SupportRequestFactory(school=school, late=True)
    with django_assert_max_num_queries(2):
        values = assistance_indicators(schools)
    assert all(values[s.pk]["assistance.hors_delai"] == 1 for s in schools)


def test_detail_page_lists_the_most_reported_equipment(client, world):
    noisy = EquipmentFactory(school=world.college, model="EB-bruyant")
    quiet = EquipmentFactory(school=world.college, model="EB-calme")
    SupportRequestFactory.create_batch(3, school=world.college, equipment=noisy)
    SupportRequestFactory(school=world.college, equipment=quiet)
    assert most_reported_equipment(world.college) == [(str(noisy), 3), (str(quiet), 1)]
    client.force_login(world["chef.college"])
    response = client.get("/etablissements/0449901Y/indicateurs/assistance.ouvertes_collectivite/")
    assert response.status_code == 200
    assert "EB-bruyant" in response.content.decode()


def test_registry_has_the_issue_codes():
    codes = {i.code for i in registry.indicators(["assistance", "missions"])}
    assert {
        "missions.sans_titulaire",
        "assistance.ouvertes_collectivite",
        "assistance.ouvertes_academie",
        "assistance.ouvertes_etablissement",
        "assistance.delai_median",
        "assistance.hors_delai",
    } <= codes
