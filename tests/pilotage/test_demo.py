"""The demo's back-filled history: fourteen months, plausible, and trends on day one."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone

from pilote.core.metrics import Unit, registry
from pilote.core.schoolyear import school_year_of
from pilote.pilotage.bilan.facts import build_bilan
from pilote.pilotage.bilan.models import SharedBilan
from pilote.pilotage.demo import back_fill, history_days, load_shared_bilan
from pilote.pilotage.history import record
from pilote.pilotage.models import IndicatorRecord
from pilote.schooldata.models import Pupil
from tests.schooldata.factories import PupilFactory

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


def test_the_past_school_year_has_its_bilan_from_first_to_last_day(world):

    today = timezone.localdate()
    back_fill([world.college], today)
    record([world.college], day=today)
    load_shared_bilan(world, today)
    shared = SharedBilan.objects.get()
    assert shared.start_year == school_year_of(today) - 1
    assert shared.with_collectivite and shared.with_academie
    assert shared.document.open("rb").read(4) == b"%PDF"
    bilan = build_bilan(world.college, shared.start_year, with_charts=False)
    measured = [f for f in bilan.figures if f.end_value is not None]
    assert measured and all(f.start_value is not None for f in measured)


def test_the_history_is_measured_once_postgresql_has_counted_the_rows(
    world, postgres_only, monkeypatch
):
    """The demo's history starts from today's values, measured over what the other modules
    have just loaded. PostgreSQL must have counted those rows first: planning for empty
    tables, one grouped count of the demo's pupils ran for minutes and stalled the suite."""
    from pilote.pilotage import demo

    class Measured(Exception):
        pass

    def count_known_to_the_planner(_demo):
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'schooldata_pupil'")
            raise Measured(cursor.fetchone()[0])

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE schooldata_pupil")  # the table as PostgreSQL last saw it: empty
    PupilFactory.create_batch(30, school=world.college)
    monkeypatch.setattr(demo, "load_volets", count_known_to_the_planner)
    with pytest.raises(Measured) as measured:
        demo.load(world)
    assert measured.value.args[0] == Pupil.objects.count() >= 30
