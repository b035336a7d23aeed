"""The territorial pages of « Assistance »: the collectivité's and the académie's queue, and
their question on each school: how many requests it sends, how many are still open or late,
and how long they take to be resolved.

Counted by the database for a page of schools at a time (one grouped count, one grouped
median), so the page costs the same whatever the number of schools or requests.
"""

from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from pilote.core.choices import Domain
from pilote.core.generic import ChosenColumnsMixin
from pilote.core.metrics import grouped_median
from pilote.core.mixins import TerritoryMixin

from .choices import Recipient, RequestStatus
from .filtersets import QueueFilterSet
from .indicators import RESOLUTION_WINDOW_DAYS
from .models import SupportRequest
from .tables import QueueTable

PAGE_SIZE = 50


def per_school_count(requests):
    """The number of ``requests`` of each school, as a subquery (schools have no reverse
    accessor to their rows: tenancy is read from the rows' side)."""
    counted = (
        requests.filter(school=OuterRef("pk"))
        .order_by()
        .values("school")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted), 0)


class TerritoryAssistanceBySchoolView(TerritoryMixin, TemplateView):
    """Volumes and delays per school over twelve months, busiest schools first."""

    domain = Domain.ASSISTANCE
    template_name = "support/territory_schools.html"

    @property
    def recipient(self) -> str:
        return Recipient.ACADEMIE if self.kind == "academie" else Recipient.COLLECTIVITE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        since = timezone.now() - timedelta(days=RESOLUTION_WINDOW_DAYS)
        mine = SupportRequest.objects.filter(recipient=self.recipient)
        open_values = RequestStatus.open_values()
        schools = self.organisation.schools.annotate(
            received=per_school_count(mine.filter(created_at__gte=since)),
            still_open=per_school_count(mine.filter(status__in=open_values)),
            late=per_school_count(
                mine.filter(status__in=open_values, due_date__lt=timezone.localdate())
            ),
        ).order_by("-received", "-still_open", "name")
        page = Paginator(schools, PAGE_SIZE).get_page(self.request.GET.get("page"))
        ids = [school.pk for school in page.object_list]
        medians = grouped_median(
            SupportRequest.objects.filter(
                school__in=ids, recipient=self.recipient, resolved_at__gte=since
            ),
            "school_id",
            F("resolution_days"),
        )
        totals = SupportRequest.objects.filter(
            school__in=self.organisation.schools.all(), recipient=self.recipient
        ).aggregate(
            received=Count("pk", filter=Q(created_at__gte=since)),
            still_open=Count("pk", filter=Q(status__in=RequestStatus.open_values())),
        )
        context.update(
            recipient_label=Recipient(self.recipient).label,
            rows=[(school, medians.get(school.pk)) for school in page.object_list],
            page_obj=page,
            totals=totals,
        )
        return context


class TerritoryQueueView(ChosenColumnsMixin, TerritoryMixin, SingleTableMixin, FilterView):
    """One queue for all the schools of the territory: the collectivité's service centre sees
    what was routed to it, the académie's assistance what was routed to it."""

    domain = Domain.ASSISTANCE
    template_name = "support/queue.html"
    table_class = QueueTable
    filterset_class = QueueFilterSet
    paginate_by = 25

    @property
    def recipient(self) -> str:
        return Recipient.ACADEMIE if self.kind == "academie" else Recipient.COLLECTIVITE

    def get_queryset(self):
        return SupportRequest.objects.for_list().filter(
            school__in=self.territory_schools().values("pk"), recipient=self.recipient
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queryset = self.get_queryset()
        context["recipient_label"] = Recipient(self.recipient).label
        context["open_count"] = queryset.open().count()
        context["late_count"] = queryset.late().count()
        return context
