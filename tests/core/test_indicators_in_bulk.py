"""Indicators are measured in bulk: a constant number of grouped queries whatever the number
of schools, with counts and medians done by the database (issue « Territoires à l'échelle »)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pilote.core.choices import Role
from pilote.core.metrics import registry
from pilote.core.models import School
from pilote.security.access import admin_rights, overdue_counts
from tests.core.factories import (
    AcademieFactory,
    CollectiviteFactory,
    MembershipFactory,
    SchoolFactory,
    UserFactory,
)
from tests.inventory.factories import EquipmentFactory, RoomFactory
from tests.security.factories import IncidentFactory
from tests.support.factories import SupportRequestFactory

pytestmark = pytest.mark.django_db


def populate(count: int) -> list[School]:
    """``count`` schools (collèges and lycées of two collectivités) each with a little of
    everything the grouped queries read; returned as plain rows, relations not loaded."""
    academie = AcademieFactory()
    departement = CollectiviteFactory()
    region = CollectiviteFactory(region=True)
    head = UserFactory()
    for n in range(count):
        school = (
            SchoolFactory(academie=academie, collectivite=departement)
            if n % 2
            else SchoolFactory(lycee=True, academie=academie, collectivite=region)
        )
        room = RoomFactory(school=school)
        RoomFactory(school=school)
        EquipmentFactory(school=school, room=room, display=True)
        EquipmentFactory(school=school, room=room, old=True)
        IncidentFactory(school=school, reported=True)
        MembershipFactory(school=school, user=head, role=Role.CHEF)
        SupportRequestFactory(school=school, requester=head, resolved=True)
    return list(School.objects.order_by("pk"))


def queries_of(compute, schools) -> int:
    with CaptureQueriesContext(connection) as captured:
        compute(schools)
    return len(captured)


def test_every_group_runs_as_many_queries_for_30_schools_as_for_3():
    schools = populate(30)
    for group in registry.groups:
        few = queries_of(group.compute, schools[:3])
        many = queries_of(group.compute, schools)
        name = f"{group.compute.__module__}.{group.compute.__name__}"
        assert many == few, f"{name} : {few} requêtes pour 3 établissements, {many} pour 30"


def test_recording_all_indicators_stays_within_a_fixed_budget(django_assert_max_num_queries):
    schools = populate(3)
    with CaptureQueriesContext(connection) as small:
        registry.compute(schools)
    schools = populate(27) and list(School.objects.order_by("pk"))
    assert len(schools) == 30
    with django_assert_max_num_queries(len(small)):
        registry.compute(schools)


def test_medians_are_taken_by_the_database_and_match_the_values():
    school, other = SchoolFactory(), SchoolFactory()
    now = timezone.now()
    for hours in (2, 4, 30):
        IncidentFactory(
            school=school,
            detected_at=now - timedelta(days=3),
            reported_at=now - timedelta(days=3) + timedelta(hours=hours),
        )
    for hours in (1, 7):
        IncidentFactory(
            school=other,
            detected_at=now - timedelta(days=2),
            reported_at=now - timedelta(days=2) + timedelta(hours=hours),
        )
    values = registry.compute([school, other], codes=["securite.delai_signalement"])
    assert values[school.pk]["securite.delai_signalement"] == 4
    assert values[other.pk]["securite.delai_signalement"] == 4  # (1 + 7) / 2


def test_overdue_reviews_counted_in_sql_agree_with_the_detailed_list():
    schools = populate(4)
    old = timezone.localdate() - timedelta(days=500)
    head = UserFactory()
    MembershipFactory(school=schools[0], user=head, role=Role.ADJOINT, start_date=old)
    MembershipFactory(school=schools[1], user=head, role=Role.ADJOINT, start_date=old)
    today = timezone.localdate()
    counted = overdue_counts(schools)
    detailed = admin_rights(schools)
    for school in schools:
        expected = sum(1 for r in detailed.get(school.pk, []) if r.is_overdue(today))
        assert counted.get(school.pk, 0) == expected
    assert counted[schools[0].pk] >= 1
