"""The access review: who holds administrative rights, overdue reviews, keep / remove."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pilote.core.choices import JournalAction, Role
from pilote.core.models import JournalEntry, Membership
from pilote.security.access import REVIEW_PERIOD, admin_rights, current_school_year, rights_of
from pilote.security.choices import RightSource
from pilote.security.models import AccessReviewCampaign, AccessReviewDecision
from tests.core.factories import MembershipFactory, UserFactory
from tests.missions.factories import DelegationFactory, referential_mission

from .factories import SchoolServiceFactory


@pytest.fixture
def rights_world(world):
    DelegationFactory(school=world.college, holder=world["rrupn.college"])  # ent_admin
    DelegationFactory(
        school=world.college, holder=world["prof.college"], mission=referential_mission("pix")
    )
    SchoolServiceFactory(school=world.college, referent=world["cpe.college"])
    MembershipFactory(school=world.college, user=UserFactory(dormant=True), role=Role.ENSEIGNANT)
    return world


def keys_by_source(school):
    found = {}
    for right in rights_of(school):
        found.setdefault(right.source, []).append(right)
    return found


def test_rights_come_from_roles_delegations_referents_and_dormant_accounts(rights_world):
    found = keys_by_source(rights_world.college)
    pilote_roles = {r.label for r in found[RightSource.PILOTE] if not r.dormant}
    assert pilote_roles == {
        "Pilote — Chef d'établissement",
        "Pilote — Adjoint",
        "Pilote — Secrétaire général",
    }
    assert [r.holder_id for r in found[RightSource.PILOTE] if r.dormant] != []
    # ENT administration is an administrative right; the Pix mission is not.
    assert [r.holder_id for r in found[RightSource.DELEGATION]] == [
        rights_world["rrupn.college"].pk
    ]
    assert [r.holder_id for r in found[RightSource.REFERENT]] == [rights_world["cpe.college"].pk]
    assert rights_of(rights_world.lycee)[0].label == "Pilote — Chef d'établissement"


def test_a_right_is_overdue_a_year_after_its_last_review_or_grant():
    from pilote.security.access import AdminRight

    today = timezone.localdate()
    old = today - REVIEW_PERIOD - timedelta(days=1)
    right = AdminRight("k", RightSource.PILOTE, 1, "x", "y", since=old)
    assert right.is_overdue(today)
    right.last_reviewed = today - timedelta(days=10)
    assert not right.is_overdue(today)
    assert AdminRight("k", RightSource.REFERENT, 1, "x", "y").is_overdue(today)


def test_admin_rights_take_four_queries_for_any_number_of_schools(
    rights_world, django_assert_num_queries
):
    with django_assert_num_queries(4):
        rights = admin_rights([rights_world.college, rights_world.lycee])
    assert set(rights) == {rights_world.college.pk, rights_world.lycee.pk}


def review_post(rights, decisions):
    data = {}
    for index, right in enumerate(rights):
        data[f"decision_{index}"] = decisions.get(right.key, "")
        data[f"comment_{index}"] = ""
    return data


def test_head_keeps_and_removes_rights_and_the_review_is_journaled(
    client, rights_world, college_url
):
    world = rights_world
    rights = rights_of(world.college)
    by_source = keys_by_source(world.college)
    delegation = by_source[RightSource.DELEGATION][0]
    referent = by_source[RightSource.REFERENT][0]
    sg = next(r for r in rights if r.holder_id == world["sg.college"].pk)
    head = next(r for r in rights if r.holder_id == world["chef.college"].pk)
    decisions = {r.key: "conserver" for r in rights}
    decisions.update({delegation.key: "retirer", referent.key: "retirer", sg.key: "retirer"})
    decisions[head.key] = "retirer"
    client.force_login(world["chef.college"])
    response = client.post(college_url + "acces/revue/", review_post(rights, decisions))
    assert response.status_code == 302
    campaign = AccessReviewCampaign.objects.get(school=world.college)
    assert campaign.school_year == current_school_year() and campaign.completed_at
    assert AccessReviewDecision.objects.filter(campaign=campaign).count() == len(rights)
    assert Membership.objects.get(user=world["sg.college"]).end_date == timezone.localdate()
    assert Membership.objects.get(user=world["chef.college"]).end_date is None
    assert world["rrupn.college"].delegations.get().end_date == timezone.localdate()
    assert world["cpe.college"].referent_of_services.count() == 0
    assert JournalEntry.objects.filter(action=JournalAction.ACCESS_RIGHT_REMOVED).count() == 3
    assert JournalEntry.objects.filter(action=JournalAction.ACCESS_REVIEW_SAVED).exists()
    kept = next(r for r in rights_of(world.college) if r.key == head.key)
    assert kept.last_reviewed == timezone.localdate() and not kept.is_overdue()


def test_partial_review_stays_open_and_bad_decision_is_refused(client, world, college_url):
    rights = rights_of(world.college)
    client.force_login(world["chef.college"])
    url = college_url + "acces/revue/"
    assert client.post(url, review_post(rights, {rights[0].key: "peut-etre"})).status_code == 400
    assert not AccessReviewCampaign.objects.exists()
    client.post(url, review_post(rights, {rights[0].key: "conserver"}))
    assert AccessReviewCampaign.objects.get().completed_at is None


@pytest.mark.parametrize("username", ["rssi", "adjoint.college", "sg.college"])
def test_only_the_head_decides(client, world, college_url, username):
    client.force_login(world[username])
    assert client.post(college_url + "acces/revue/", {}).status_code == 403
