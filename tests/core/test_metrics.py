"""Statuses: a school's own target first, then default thresholds, else « Non évalué »."""

from datetime import date

import pytest

from pilote.core.choices import Domain
from pilote.core.metrics import (
    Indicator,
    Measure,
    Milestone,
    SchoolTarget,
    Status,
    Unit,
    format_change,
    format_value,
)

RATE = Indicator("x.taux", "Taux", Domain.USAGES, Unit.PERCENT, watch=70, alert=50)
COUNT = Indicator("x.nombre", "À accompagner", Domain.USAGES)
LATE = Indicator("x.retard", "En retard", Domain.USAGES, watch=0, alert=5, higher_is_better=False)

TARGET = SchoolTarget(
    value=85,
    deadline=date(2027, 6, 30),
    milestones=(Milestone(date(2026, 6, 30), 75),),
)


def test_an_indicator_without_threshold_or_target_is_not_evaluated():
    measure = Measure(COUNT, 181)
    assert measure.status == Status.NONE
    assert measure.status.label == "Non évalué"
    assert measure.status_source is None
    assert "non évalué" in measure.reference_text


@pytest.mark.parametrize(
    "value, expected", [(90, Status.OK), (60, Status.WATCH), (40, Status.ALERT), (None, "none")]
)
def test_thresholds_decide_without_a_target(value, expected):
    measure = Measure(RATE, value)
    assert measure.status == expected
    assert measure.status_source == "seuil"


@pytest.mark.parametrize(
    "day, value, expected",
    [
        # Before the 2026 milestone: reaching it is « conforme », else on the way.
        (date(2025, 11, 1), 76, Status.OK),
        (date(2025, 11, 1), 60, Status.WATCH),
        # After it: the 2027 target is the reference; behind the passed milestone is an alert.
        (date(2026, 11, 1), 80, Status.WATCH),
        (date(2026, 11, 1), 70, Status.ALERT),
        (date(2026, 11, 1), 86, Status.OK),
        # Deadline over and target missed.
        (date(2027, 9, 1), 84, Status.ALERT),
        (date(2027, 9, 1), 85, Status.OK),
    ],
)
def test_a_school_target_and_its_milestone_decide_on_a_date(day, value, expected):
    measure = Measure(RATE, value, target=TARGET, on=day)
    assert measure.status == expected
    assert measure.status_source == "cible"


def test_a_target_overrides_the_default_thresholds():
    # 60 % is « à surveiller » for the thresholds but meets the school's own milestone.
    modest = SchoolTarget(value=60, deadline=date(2027, 6, 30))
    assert Measure(RATE, 60, on=date(2026, 1, 1)).status == Status.WATCH
    assert Measure(RATE, 60, target=modest, on=date(2026, 1, 1)).status == Status.OK


def test_a_target_on_a_lower_is_better_indicator():
    target = SchoolTarget(value=0, deadline=date(2027, 6, 30))
    assert Measure(LATE, 0, target=target, on=date(2026, 1, 1)).status == Status.OK
    assert Measure(LATE, 2, target=target, on=date(2026, 1, 1)).status == Status.WATCH


def test_the_status_says_which_target_judges_it():
    text = Measure(RATE, 80, target=TARGET, on=date(2025, 11, 1)).reference_text
    assert text == "cible de l'établissement : 85 % en juin 2027 (jalon : 75 % en juin 2026)"
    assert Measure(RATE, 80, target=TARGET, on=date(2026, 11, 1)).reference_text == (
        "cible de l'établissement : 85 % en juin 2027"
    )
    assert Measure(RATE, 80).reference_text == (
        "seuils par défaut : à surveiller au-dessous de 70 %, alerte au-dessous de 50 %"
    )


def test_json_gives_target_trend_and_source():
    data = Measure(RATE, 80, target=TARGET, past=72.5, on=date(2025, 11, 1)).as_json()
    assert data["source"] == "cible" and data["status"] == "ok" and data["trend"] == 7.5
    assert data["target"] == {
        "value": 85,
        "deadline": "2027-06-30",
        "milestone": {"date": "2026-06-30", "value": 75},
        "draft": False,
    }


def test_values_and_changes_are_written_the_french_way():
    assert format_value(12.5, Unit.PERCENT) == "12,5 %"
    assert format_value(1250, Unit.COUNT) == "1\xa0250"  # non-breaking space
    assert format_change(3.2, Unit.PERCENT) == "+3,2 pts"
    assert format_change(-4, Unit.COUNT) == "−4"
    assert format_change(None, Unit.COUNT) == "—"


def test_days_and_hours_are_plural_from_two_as_in_french():
    assert format_value(1, Unit.DAYS) == "1 jour" and format_value(0, Unit.DAYS) == "0 jour"
    assert format_value(1.5, Unit.HOURS) == "1,5 heure"
    assert format_value(2, Unit.DAYS) == "2 jours" and format_value(11, Unit.DAYS) == "11 jours"
    assert format_change(1, Unit.DAYS) == "+1 jour" and format_change(-3, Unit.DAYS) == "−3 jours"
    assert format_change(0, Unit.HOURS) == "0 heure"
    assert format_value(1, Unit.RATIO) == "1 pour 100 élèves"


def test_a_cockpit_reads_every_module_from_the_cache_in_one_go(world, monkeypatch):
    """With a database or Redis cache, each read is a query or a round trip: the cockpit read
    one key per group of indicators (16 reads for one page)."""
    from django.core.cache import cache

    from pilote.core.metrics import registry

    registry.measure_school(world.college, cached=True)  # fills the cache
    reads = []
    original = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: reads.append(keys) or original(keys))
    measures = registry.measure_school(world.college, cached=True)
    assert len(reads) == 1 and len(reads[0]) == len(registry.groups) > 1
    assert len(measures) == len(registry.indicators())
