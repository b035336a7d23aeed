"""Filters of the assistance lists, the territorial queues and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from pilote.core.filtersets import PiloteFilterSet

from .choices import Recipient, RequestCategory, RequestStatus
from .models import SupportRequest

OPEN = "ouvertes"


class SupportRequestFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(label="Recherche", method="search")
    state = django_filters.ChoiceFilter(
        label="État",
        choices=[
            (OPEN, "Ouvertes (nouvelles, prises en charge, en attente)"),
            *RequestStatus.choices,
        ],
        method="filter_state",
    )
    recipient = django_filters.ChoiceFilter(label="Destinataire", choices=Recipient.choices)
    category = django_filters.ChoiceFilter(label="Catégorie", choices=RequestCategory.choices)
    late = django_filters.ChoiceFilter(
        label="Délai",
        choices=[("oui", "Hors délai"), ("non", "Dans les délais")],
        method="filter_late",
    )

    class Meta(PiloteFilterSet.Meta):
        model = SupportRequest
        fields = ["q", "state", "recipient", "category", "late"]

    def search(self, queryset, name, value):
        query = Q(title__icontains=value) | Q(description__icontains=value)
        reference = value.upper().removeprefix("AS-")
        if reference.isdigit():
            query |= Q(pk=int(reference))
        return queryset.filter(query)

    def filter_state(self, queryset, name, value):
        if value == OPEN:
            return queryset.open()
        return queryset.filter(status=value)

    def filter_late(self, queryset, name, value):
        late = queryset.late(timezone.localdate())
        return late if value == "oui" else queryset.exclude(pk__in=late.values("pk"))


class QueueFilterSet(SupportRequestFilterSet):
    """The territorial queue: the recipient is fixed by the territory."""

    class Meta(SupportRequestFilterSet.Meta):
        fields = ["q", "state", "category", "late"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters.pop("recipient", None)

    def filter_queryset(self, queryset):
        """A queue shows what is left to do unless the person asks for another state."""
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("state"):
            queryset = queryset.open()
        return queryset
