"""Age and lifetime are computed, never stored; the queryset and the Python agree."""

from datetime import date

import pytest

from pilote.inventory.choices import Category, EquipmentStatus
from pilote.inventory.models import Equipment, beyond_lifetime_q, years_before

from .factories import EquipmentFactory, years_ago

pytestmark = pytest.mark.django_db


def test_default_lifetime_comes_from_the_category(world):
    screen = EquipmentFactory(school=world.college, category=Category.ECRAN_INTERACTIF)
    tablet = EquipmentFactory(school=world.college, category=Category.TABLETTE)
    assert (screen.lifetime_years, tablet.lifetime_years) == (7, 5)


def test_given_lifetime_is_kept(world):
    device = EquipmentFactory(school=world.college, lifetime_years=8)
    assert device.lifetime_years == 8


def test_age_and_beyond_lifetime(world):
    device = EquipmentFactory(school=world.college, acquisition_date=date(2019, 9, 1))
    assert device.age_years(on=date(2024, 8, 31)) == 4
    assert device.age_years(on=date(2024, 9, 1)) == 5
    assert not device.is_beyond_lifetime(on=date(2024, 8, 31))
    assert device.is_beyond_lifetime(on=date(2024, 9, 1))


def test_queryset_agrees_with_the_python_rule(world):
    devices = [
        EquipmentFactory(school=world.college, acquisition_date=years_ago(y, d), lifetime_years=lt)
        for y, d, lt in [(4, 0, 5), (5, 3, 5), (6, 0, 7), (8, 0, 7), (1, 0, 1)]
    ]
    EquipmentFactory(school=world.college, undated=True)
    beyond = set(Equipment.objects.filter(beyond_lifetime_q()).values_list("pk", flat=True))
    assert beyond == {d.pk for d in devices if d.is_beyond_lifetime()}
    assert len(beyond) == 3


def test_leap_day_goes_back_to_28_february():
    assert years_before(date(2024, 2, 29), 1) == date(2023, 2, 28)


def test_reform_sets_the_reform_date(world):
    device = EquipmentFactory(school=world.college, status=EquipmentStatus.REFORME)
    assert device.reform_date is not None


def test_history_is_recorded(world):
    device = EquipmentFactory(school=world.college)
    device.status = EquipmentStatus.EN_PANNE
    device.save()
    assert device.history.count() == 2
