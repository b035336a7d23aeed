"""How secure the school is, measure by measure: a maturity score per D-I-C-T notion.

A measure in place counts one point, a partial one half a point, « non » and a measure not yet
assessed nothing; measures marked « non applicable » leave the count. Each measure counts for
every notion it protects; the overall score counts each measure once. A school that has not
assessed a single measure has no score (« non évalué ») rather than zero.
"""

from collections import defaultdict

from django.db.models import Q

from pilote.core.metrics import percent

from .choices import MeasureStatus, Notion
from .models import SchoolMeasure, SecurityMeasure

POINTS = {MeasureStatus.IN_PLACE: 1.0, MeasureStatus.PARTIAL: 0.5, MeasureStatus.NO: 0.0}
OVERALL = "global"


def _score(measures, answers: dict[int, str]) -> float | None:
    counted = [m for m in measures if answers.get(m["id"]) != MeasureStatus.NOT_APPLICABLE]
    points = sum(POINTS.get(answers.get(m["id"]), 0.0) for m in counted)
    return percent(points, len(counted))


def maturity(schools) -> dict[int, dict[str, float | None]]:
    """``{school_id: {"D": 62.5, "I": …, "global": …}}`` in two queries."""
    academies = {school.academie_id for school in schools}
    measures = list(
        SecurityMeasure.objects.filter(retired=False)
        .filter(Q(academie__isnull=True) | Q(academie__in=academies))
        .values("id", "academie_id", "notions")
    )
    answers: dict[int, dict[int, str]] = defaultdict(dict)
    rows = SchoolMeasure.objects.filter(school__in=schools, measure__retired=False).values_list(
        "school_id", "measure_id", "status"
    )
    for school_id, measure_id, status in rows:
        answers[school_id][measure_id] = status
    scores = {}
    for school in schools:
        school_answers = answers.get(school.pk)
        if not school_answers:
            scores[school.pk] = dict.fromkeys([*Notion.values, OVERALL])
            continue
        applicable = [m for m in measures if m["academie_id"] in (None, school.academie_id)]
        scores[school.pk] = {
            notion: _score([m for m in applicable if notion in m["notions"]], school_answers)
            for notion in Notion.values
        }
        scores[school.pk][OVERALL] = _score(applicable, school_answers)
    return scores


def maturity_of(school) -> dict[str, float | None]:
    return maturity([school])[school.pk]
