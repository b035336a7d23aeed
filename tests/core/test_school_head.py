"""``School.head()``: who documents name as the head (RGPD register, letters, plans)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pilote.core.choices import Role
from tests.core.factories import MembershipFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def test_the_head_is_the_longest_serving_active_chef_never_a_former_one():
    school = SchoolFactory()
    assert school.head() is None
    today = timezone.localdate()
    MembershipFactory(
        school=school,
        role=Role.CHEF,
        start_date=today - timedelta(days=900),
        end_date=today - timedelta(days=30),
    )
    MembershipFactory(school=school, role=Role.ADJOINT, start_date=today - timedelta(days=800))
    current = MembershipFactory(
        school=school, role=Role.CHEF, start_date=today - timedelta(days=20)
    )
    MembershipFactory(school=school, role=Role.CHEF, start_date=today)  # an interim, since today
    MembershipFactory(school=SchoolFactory(), role=Role.CHEF, start_date=today - timedelta(days=99))
    assert school.head() == current.user
