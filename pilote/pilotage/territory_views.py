"""The territory's view of its schools' steering: read, never edit.

A collectivité or an académie sees, for each of its schools, the volet numérique in force (and
opens it read-only: its roles only *view* the ``projet`` capability), how many of its targets
are met and how many actions are late; and for each indicator, how many schools set themselves
a target on it and how many meet it. A few grouped queries whatever the number of schools.
"""

from django.db.models import Count, Q
from django.utils import timezone
from django.views.generic import TemplateView

from pilote.core.choices import Domain
from pilote.core.metrics import Status, registry
from pilote.core.mixins import TerritoryMixin

from .choices import ActionStatus
from .commission.status import last_held
from .models import Action
from .targets import volets_in_force


class TerritoryPilotageView(TerritoryMixin, TemplateView):
    template_name = "pilotage/territory.html"
    domain = Domain.PROJET

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        schools = list(self.territory_schools())
        volets = volets_in_force(schools, today)
        targets = registry.targets.targets_for(schools, today)
        codes = sorted({code for by_code in targets.values() for code in by_code})
        measures = registry.measure(schools, codes=codes, cached=True) if codes else {}
        actions = {
            row["school_id"]: row
            for row in Action.objects.filter(school__in=schools)
            .values("school_id")
            .annotate(
                total=Count("pk"),
                late=Count(
                    "pk",
                    filter=Q(status__in=ActionStatus.open_values(), due_date__lt=today),
                ),
                done=Count("pk", filter=Q(status=ActionStatus.DONE)),
            )
        }
        last_meetings = last_held(schools)
        rows, per_indicator = [], {code: {"set": 0, "met": 0} for code in codes}
        for school in schools:
            judged = [m for m in measures.get(school.pk, []) if m.target is not None]
            for measure in judged:
                per_indicator[measure.indicator.code]["set"] += 1
                per_indicator[measure.indicator.code]["met"] += measure.status == Status.OK
            rows.append(
                {
                    "school": school,
                    "volet": volets.get(school.pk),
                    "targets": len(judged),
                    "met": sum(m.status == Status.OK for m in judged),
                    "actions": actions.get(school.pk, {"total": 0, "late": 0, "done": 0}),
                    "last_meeting": last_meetings.get(school.pk),
                }
            )
        context["rows"] = rows
        context["indicators"] = [
            (registry.by_code[code], counts)
            for code, counts in per_indicator.items()
            if code in registry.by_code
        ]
        context["schools_count"] = len(schools)
        return context
