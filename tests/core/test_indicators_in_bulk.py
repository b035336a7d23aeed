"""Indicators are measured in bulk: a constant number of grouped queries whatever the number
of schools, with counts and medians done by the database (issue « Territoires à l'échelle »)."""

from collections import Counter
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


def pupils_of_every_kind(school, weeks: int) -> None:
    """Pupils whose accounts and families cover each branch of the usage and continuity rules:
    activated or not, recent, dormant or never connected, several accounts, siblings sharing a
    guardian, guardians reachable or not, links that are not legal, pupils who do not count."""
    from pilote.usage.models import UsageSettings
    from tests.usage.factories import (
        AccountFactory,
        DivisionFactory,
        GuardianFactory,
        GuardianLinkFactory,
        PupilFactory,
    )

    UsageSettings.objects.create(school=school, inactivity_weeks=weeks)
    sixth, fifth = DivisionFactory(school=school, code="6A"), DivisionFactory(school=school)
    now = timezone.now()
    family = GuardianFactory(school=school, email="parent@exemple.fr", has_email=True)
    AccountFactory(school=school, guardian=family, parent=True)
    elder, younger = PupilFactory(school=school, division=sixth), PupilFactory(school=school)
    for pupil in (elder, younger):
        GuardianLinkFactory(pupil=pupil, guardian=family)
    AccountFactory(school=school, pupil=elder)
    AccountFactory(school=school, pupil=younger, last_connection=now - timedelta(days=20))
    quiet = PupilFactory(school=school, division=fifth)
    AccountFactory(school=school, pupil=quiet, not_activated=True)
    AccountFactory(school=school, pupil=quiet, dormant=True)
    GuardianLinkFactory(pupil=quiet, guardian__unreachable=True)
    GuardianLinkFactory(pupil=quiet, guardian__mobile="06 12 34", is_legal=True)
    never = PupilFactory(school=school, division=sixth)
    AccountFactory(school=school, pupil=never, last_connection=None)
    GuardianLinkFactory(pupil=never, is_legal=False)
    alone = PupilFactory(school=school, division=fifth)
    AccountFactory(school=school, pupil=alone, not_activated=True)
    PupilFactory(school=school, division=fifth, ine="")  # neither account nor family
    for ine in ("1234567890A", "1234567890A", "1234567890B"):  # one INE shared by two
        PupilFactory(school=school, division=fifth, ine=ine)
    PupilFactory(school=school, left=True, ine="1234567890B")
    gone, unplaced = (
        PupilFactory(school=school, left=True),
        PupilFactory(school=school, division=None),
    )
    for left in (gone, unplaced):
        AccountFactory(school=school, pupil=left)
        GuardianLinkFactory(pupil=left)


def test_pupil_counts_grouped_by_the_database_agree_with_the_per_pupil_rules():
    """Usage and continuity count pupils from their accounts and links aggregated once; the
    per-pupil definitions (``annotated_pupils``, which the case lists use) give the same."""
    from django.db.models import Count, Q

    from pilote.continuity import readiness
    from pilote.usage.queries import (
        annotated_pupils,
        cutoffs_for,
        pupil_counts,
        recent_q,
        stale_q,
    )

    schools = [SchoolFactory(), SchoolFactory()]
    pupils_of_every_kind(schools[0], weeks=4)
    pupils_of_every_kind(schools[1], weeks=2)
    cutoffs = cutoffs_for(schools)
    for group_by in ("school_id", "division__code"):
        reference = (
            annotated_pupils(schools, cutoffs)
            .values(group_by)
            .annotate(
                total=Count("pk"),
                activated_count=Count("pk", filter=Q(activated=True)),
                stale_count=Count("pk", filter=stale_q()),
                recent_count=Count("pk", filter=recent_q()),
                families=Count("family", distinct=True),
                families_without=Count("family", distinct=True, filter=Q(family_activated=False)),
            )
            .order_by(group_by)
        )
        expected = [{"group_key": row.pop(group_by), **row} for row in reference]
        assert pupil_counts(schools, cutoffs, group_by) == expected
    assert {row["stale_count"] for row in expected} != {0}
    assert {row["families_without"] for row in expected} != {0}

    flags = readiness.annotated_pupils(schools).values("school_id", "division_id", *readiness.FLAGS)
    expected = {}
    for pupil in flags:
        counts = expected.setdefault((pupil["school_id"], pupil["division_id"]), Counter())
        counts["n_total"] += 1
        counts.update({f"n_{flag}": int(pupil[flag]) for flag in readiness.FLAGS})
        counts["n_both_activated"] += int(pupil["activated"] and pupil["family_activated"])
    counted = {
        (row.pop("school_id"), row.pop("division_id")): {k: int(v) for k, v in row.items()}
        for row in readiness.pupil_rows(schools)
    }
    assert counted.keys() == expected.keys()
    for key, counts in expected.items():
        for name in ("n_total", *(f"n_{flag}" for flag in readiness.FLAGS), "n_both_activated"):
            assert counted[key][name] == counts[name], (key, name)
    assert sum(row["n_reachable"] for row in counted.values()) > 0


def test_bulk_values_equal_the_values_of_each_school_alone():
    schools = [SchoolFactory(), SchoolFactory(), SchoolFactory()]
    pupils_of_every_kind(schools[0], weeks=4)
    pupils_of_every_kind(schools[1], weeks=2)
    together = registry.compute(schools)
    for school in schools:
        assert registry.compute([school])[school.pk] == together[school.pk]


def test_data_quality_pupil_counts_agree_with_the_per_pupil_rules():
    from django.db.models import Count, Exists, OuterRef, Q

    from pilote.schooldata.models import GuardianLink, Pupil, active_pupil_q
    from pilote.schooldata.quality import pupil_counts

    schools = [SchoolFactory(), SchoolFactory()]
    pupils_of_every_kind(schools[0], weeks=4)
    pupils_of_every_kind(schools[1], weeks=2)
    active = active_pupil_q()
    shares_ine = Exists(
        Pupil.objects.filter(active, school=OuterRef("school"), ine=OuterRef("ine")).exclude(
            pk=OuterRef("pk")
        )
    )
    reference = (
        Pupil.objects.filter(school__in=schools)
        .annotate(
            has_legal=Exists(GuardianLink.objects.filter(pupil=OuterRef("pk"), is_legal=True)),
            shares_ine=shares_ine,
        )
        .values("school_id")
        .annotate(
            actifs=Count("pk", filter=active),
            sortis=Count("pk", filter=Q(is_active=False)),
            sans_division=Count("pk", filter=Q(is_active=True, division__isnull=True)),
            sans_ine=Count("pk", filter=active & Q(ine="")),
            ine_en_double=Count("pk", filter=active & Q(shares_ine=True) & ~Q(ine="")),
            sans_responsable_legal=Count("pk", filter=active & Q(has_legal=False)),
        )
        .order_by()
    )
    expected = {row.pop("school_id"): row for row in reference}
    assert pupil_counts(schools) == expected
    assert expected[schools[0].pk]["ine_en_double"] == 2
