"""Digital skills across the schools of an académie or a collectivité."""

from django.views.generic import TemplateView

from pilote.core.choices import Domain
from pilote.core.metrics import registry
from pilote.core.mixins import TerritoryMixin

from .choices import CampaignKind
from .models import Participation
from .stats import current_school_year, mastery


class TerritoryOverviewView(TerritoryMixin, TemplateView):
    """Schools side by side on the Pix indicators, and the territory's weakest competences."""

    template_name = "skills/territory.html"
    domain = Domain.COMPETENCES

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        schools = list(self.territory_schools())
        indicators = registry.indicators([Domain.COMPETENCES])
        measures = registry.measure(schools, [Domain.COMPETENCES])
        participations = Participation.objects.filter(
            school__in=schools,
            campaign__school_year=current_school_year(),
            campaign__kind=CampaignKind.EVALUATION,
        )
        report = mastery(participations)
        context.update(
            indicators=indicators,
            rows=[(school, measures[school.pk]) for school in schools],
            report=report,
            weakest=report.weakest(3),
            school_year=current_school_year(),
        )
        return context
