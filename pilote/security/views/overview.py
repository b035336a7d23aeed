"""« Sécurité »: where the school stands, on one page."""

from django.db.models import Count
from django.views.generic import TemplateView

from ..access import rights_of
from ..acknowledgements import charter_status_of
from ..choices import IncidentStatus, Severity
from ..maturity import OVERALL, maturity_of
from ..models import Incident
from .common import SecurityMixin, territory_link
from .measures import maturity_chart, maturity_rows


class SecurityIndexView(SecurityMixin, TemplateView):
    template_name = "security/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        open_incidents = Incident.objects.for_school(self.school).exclude(
            status=IncidentStatus.CLOSED
        )
        by_severity = dict(
            open_incidents.values_list("severity").annotate(total=Count("pk")).order_by()
        )
        scores = maturity_of(self.school)
        rows = maturity_rows(scores)
        rights = rights_of(self.school)
        context.update(
            open_incidents=open_incidents.order_by("-severity", "-detected_at")[:5],
            open_count=sum(by_severity.values()),
            severity_rows=[
                (label, by_severity.get(value, 0)) for value, label in reversed(Severity.choices)
            ],
            maturity_rows=rows,
            overall=scores[OVERALL],
            chart=maturity_chart(rows),
            charter=charter_status_of(self.school),
            overdue=sum(1 for right in rights if right.is_overdue()),
            dormant=sum(1 for right in rights if right.dormant),
            rights_count=len(rights),
            territory_url=territory_link(self.request.user, self.school),
        )
        return context
