"""The académie's and the collectivité's view: every school's plan, readiness, last exercise,
and the plans activated now. Counts and statuses only: no pupil or family is named here."""

from django.db.models import Max
from django.views.generic import TemplateView

from pilote.core.choices import Domain
from pilote.core.metrics import registry
from pilote.core.mixins import TerritoryMixin

from .models import Activation, ContinuityPlan, Exercise
from .plans import current_year

TERRITORY_CODES = ["continuite.preparation", "continuite.familles_joignables"]


class TerritoryContinuityView(TerritoryMixin, TemplateView):
    template_name = "continuity/territory.html"
    domain = Domain.CONTINUITE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        schools = list(self.territory_schools())
        year = current_year()
        plans = {
            p.school_id: p
            for p in ContinuityPlan.objects.filter(school__in=schools, school_year=year)
        }
        exercises = dict(
            Exercise.objects.filter(school__in=schools)
            .values("school_id")
            .annotate(last=Max("held_on"))
            .values_list("school_id", "last")
        )
        measures = registry.measure(schools, codes=TERRITORY_CODES, cached=True)
        running = list(
            Activation.objects.running()
            .filter(school__in=schools)
            .select_related("school")
            .order_by("-started_at")
        )
        rows = []
        for school in schools:
            by_code = {m.indicator.code: m for m in measures.get(school.pk, [])}
            rows.append(
                {
                    "school": school,
                    "plan": plans.get(school.pk),
                    "last_exercise": exercises.get(school.pk),
                    "preparation": by_code.get("continuite.preparation"),
                    "reachable": by_code.get("continuite.familles_joignables"),
                }
            )
        context["rows"] = rows
        context["running"] = running
        context["year"] = year
        return context
