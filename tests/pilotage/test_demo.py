"""The demo's back-filled history: fourteen months, plausible, and trends on day one."""

from datetime import date, timedelta

import pytest
from django.db.models import Max, Min
from django.utils import timezone

from pilote.core.metrics import Unit, registry
from pilote.core.schoolyear import school_year_of
from pilote.pilotage.demo import back_fill, history_days
from pilote.pilotage.history import record
from pilote.pilotage.models import IndicatorRecord

pytestmark = pytest.mark.django_db


def test_back_fill_gives_fourteen_months_of_bounded_values_ending_today(world):
    """At least fourteen months, and the whole previous school year."""
    today = timezone.localdate()
    back_fill([world.college], today)
    span = IndicatorRecord.objects.aggregate(first=Min("day"), last=Max("day"))
    assert span["first"] == today - timedelta(days=history_days(today))
    # The whole previous school year is there: its bilan reads its first day.
    assert span["first"] < date(school_year_of(today) - 1, 9, 1)
    assert span["last"] < today
    rates = [i.code for i in registry.indicators() if i.unit == Unit.PERCENT]
    assert not IndicatorRecord.objects.filter(code__in=rates, value__gt=100).exists()
    assert not IndicatorRecord.objects.filter(value__lt=0).exists()
    record([world.college], day=today)
    measure = registry.measure_school(world.college, codes=["comptes.actifs"], trends=True)[0]
    assert measure.past is not None
    # Only changes are stored: far fewer rows than one per indicator and day.
    measured = IndicatorRecord.objects.values("code").distinct().count()
    assert IndicatorRecord.objects.count() < measured * history_days(today) / 3
