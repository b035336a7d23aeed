"""The académie's questions, across its schools: ENT, Pix, the RUPN's letter, security,
continuity — and the schools furthest from their targets first.

A DRANE does not ask for 68 indicators: it asks whether the ENT is activated and used,
whether pupils are certified, whether each RUPN has a signed letter, how secure the schools
are and whether they are ready for a closure. This page answers those questions from the values
the worker stored (:class:`~pilote.core.models.SchoolIndicators`): each school is judged on
its own target when its volet numérique sets one, else on the default thresholds, and ranked
by how far it is short of them (the relative gaps stored with its values). A handful of
queries whatever the number of schools; pages of :data:`PAGE_SIZE` schools.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import F, FloatField, Q, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.utils.http import urlencode
from django.views.generic import TemplateView

from .metrics import Status, format_value
from .models import Academie, TerritorySummary
from .territory_views import TerritoryBase

PAGE_SIZE = 50


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    codes: tuple[str, ...]


QUESTIONS = (
    Question(
        "ent",
        "L'ENT est-il activé et utilisé ?",
        ("usages.activation_eleves", "usages.activation_responsables", "usages.eleves_actifs_30j"),
    ),
    Question("pix", "Les élèves sont-ils certifiés Pix ?", ("pix.certifies", "pix.certifiables")),
    Question(
        "rupn",
        "Le référent numérique a-t-il sa lettre de mission signée ?",
        ("missions.lettre_signee",),
    ),
    Question(
        "securite",
        "La sécurité numérique est-elle tenue ?",
        ("securite.maturite", "securite.incidents_ouverts", "securite.incidents_12_mois"),
    ),
    Question(
        "continuite",
        "La continuité pédagogique est-elle prête ?",
        ("continuite.plan_valide", "continuite.preparation"),
    ),
)


def gap_expression(codes):
    """The sum of a school's stored relative gaps on ``codes`` (0 where it meets them)."""
    total = Value(0.0)
    for code in codes:
        total = total + Coalesce(
            Cast(KeyTextTransform(code, "stored_indicators__gaps"), FloatField()), Value(0.0)
        )
    return total


class TerritoryTargetsView(TerritoryBase, TemplateView):
    """Per question, how the schools stand; then the schools furthest from their targets."""

    template_name = "core/territory_targets.html"

    def questions(self):
        """The questions this person may see, each with the indicators it is allowed."""
        visible = {i.code: i for i in self.visible_indicators()}
        found = []
        for question in QUESTIONS:
            indicators = [visible[code] for code in question.codes if code in visible]
            if indicators:
                found.append((question, indicators))
        return found

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questions = self.questions()
        field = "academie" if isinstance(self.organisation, Academie) else "collectivite"
        summary = TerritorySummary.objects.filter(**{field: self.organisation}).first()
        stats = summary.stats if summary else {}
        chosen_key = self.request.GET.get("question", "")
        chosen = [q for q in questions if q[0].key == chosen_key] or questions
        if len(chosen) != 1:
            chosen_key = ""
        indicators = [indicator for _, group in chosen for indicator in group]
        schools = (
            self.organisation.schools.select_related("stored_indicators")
            .annotate(gap=gap_expression([i.code for i in indicators]))
            .order_by(F("gap").desc(), F("stored_indicators__alerts").desc(nulls_last=True), "name")
        )
        short = (
            self.organisation.schools.annotate(gap=gap_expression([i.code for i in indicators]))
            .filter(Q(gap__gt=0))
            .count()
        )
        page = Paginator(schools, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            summary=summary,
            overview=[
                {
                    "question": question,
                    "link": "?" + urlencode({"question": question.key}),
                    "rows": [self.overview_row(i, stats.get(i.code)) for i in group],
                }
                for question, group in questions
            ],
            chosen_key=chosen_key,
            columns=indicators,
            rows=[self.school_row(school, indicators) for school in page.object_list],
            page_obj=page,
            short=short,
        )
        return context

    @staticmethod
    def overview_row(indicator, stat) -> dict:
        if stat is None:
            return {"indicator": indicator, "stat": None}
        return {
            "indicator": indicator,
            "stat": stat,
            "median": format_value(stat["median"], indicator.unit),
            "reached": stat.get("ok", 0),
            "short": stat.get("alert", 0) + stat.get("watch", 0),
        }

    @staticmethod
    def school_row(school, indicators) -> dict:
        stored = getattr(school, "stored_indicators", None)
        values = stored.values if stored else {}
        statuses = stored.statuses if stored else {}
        targets = stored.targets if stored else {}
        cells = []
        for indicator in indicators:
            target = targets.get(indicator.code)
            cells.append(
                {
                    "text": format_value(values.get(indicator.code), indicator.unit),
                    "status": statuses.get(indicator.code, Status.NONE.value),
                    "target": None if target is None else format_value(target, indicator.unit),
                }
            )
        return {"school": school, "stored": stored, "gap": school.gap, "cells": cells}
