"""The demo's back-filled history: fourteen months, plausible, and trends on day one."""

from datetime import timedelta

import pytest
from django.db.models import Max, Min
from django.utils import timezone

from pilote.core.metrics import Unit, registry
from pilote.pilotage.demo import HISTORY_DAYS, back_fill
from pilote.pilotage.history import record
from pilote.pilotage.models import IndicatorRecord

pytestmark = pytest.mark.django_db


def test_back_fill_gives_fourteen_months_of_bounded_values_ending_today(world):
    today = timezone.localdate()
    back_fill([world.college], today)
    span = IndicatorRecord.objects.aggregate(first=Min("day"), last=Max("day"))
    assert span["first"] == today - timedelta(days=HISTORY_DAYS)
    assert span["last"] < today
    rates = [i.code for i in registry.indicators() if i.unit == Unit.PERCENT]
    assert not IndicatorRecord.objects.filter(code__in=rates, value__gt=100).exists()
    assert not IndicatorRecord.objects.filter(value__lt=0).exists()
    record([world.college], day=today)
    measure = registry.measure_school(world.college, codes=["comptes.actifs"], trends=True)[0]
    assert measure.past is not None
    # Only changes are stored: far fewer rows than one per indicator and day.
    measured = IndicatorRecord.objects.values("code").distinct().count()
    assert IndicatorRecord.objects.count() < measured * HISTORY_DAYS / 3
