"""Pages of the académie's DPD (délégué à la protection des données).

The DPD reads, for every school of the académie, the register of processing activities, the
security incidents involving personal data and the journal of personal-data exports and API
reads. Its role holds no other capability: every other page of Pilote answers 403 or 404 and
the API lists nothing (``core.permissions``: the DPD holds ``rgpd`` only).
"""

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from pilote.catalogue import register as rgpd
from pilote.catalogue.models import RegisterEntry
from pilote.core.choices import Domain, JournalAction
from pilote.core.filtersets import JournalFilterSet
from pilote.core.mixins import AcademieMixin
from pilote.core.models import JournalEntry
from pilote.core.tables import JournalTable
from pilote.security.models import Incident

# What the DPD reads of the journal: personal data leaving Pilote (exports, API reads, PDF).
PERSONAL_DATA_ACTIONS = [
    JournalAction.PERSONAL_DATA_EXPORT,
    JournalAction.PERSONAL_DATA_READ,
    JournalAction.DOCUMENT_DOWNLOADED,
]


class DpdMixin(AcademieMixin):
    """The DPD is an académie's: a collectivité has no such pages."""

    domain = Domain.RGPD

    def incidents(self):
        return (
            Incident.objects.filter(school__in=self.territory_schools(), personal_data=True)
            .select_related("school")
            .order_by("-detected_at")
        )

    def journal(self):
        return JournalEntry.objects.filter(
            school__in=self.territory_schools(), action__in=PERSONAL_DATA_ACTIONS
        ).select_related("school")


class IndexView(DpdMixin, TemplateView):
    template_name = "dpd/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        schools = list(self.territory_schools())
        entries = dict(
            RegisterEntry.objects.filter(school__in=schools)
            .values_list("school")
            .annotate(n=Count("pk"))
        )
        open_incidents = dict(
            self.incidents()
            .filter(closed_at=None)
            .order_by()
            .values_list("school")
            .annotate(n=Count("pk"))
        )
        context["schools"] = [
            (school, entries.get(school.pk, 0), open_incidents.get(school.pk, 0))
            for school in schools
        ]
        context["incidents"] = self.incidents()[:50]
        context["exports"] = self.journal().order_by("-timestamp")[:20]
        return context


class RegisterView(DpdMixin, TemplateView):
    template_name = "dpd/register.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        school = get_object_or_404(self.territory_schools(), uai=self.kwargs["uai"])
        context.update(rgpd.register_context(school), school_shown=school)
        context["pilote_entry"] = (
            None
            if RegisterEntry.objects.for_school(school)
            .filter(reference=rgpd.PILOTE_REFERENCE)
            .exists()
            else rgpd.pilote_entry(school)
        )
        return context


class IncidentView(DpdMixin, TemplateView):
    template_name = "dpd/incident.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = get_object_or_404(self.incidents(), pk=self.kwargs["pk"])
        context.update(
            incident=incident,
            people=incident.affected_people.all(),
            services=incident.affected_services.select_related("service"),
            events=incident.events.order_by("timestamp", "pk"),
            reports=incident.reports.defer("pdf"),
        )
        return context


class JournalView(DpdMixin, SingleTableMixin, FilterView):
    """The journal of personal data leaving Pilote, for every school of the académie."""

    template_name = "dpd/journal.html"
    table_class = JournalTable
    filterset_class = JournalFilterSet
    paginate_by = 50

    def get_queryset(self):
        return self.journal()
