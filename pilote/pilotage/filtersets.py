"""Filters of the plan d'actions."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from pilote.core.filtersets import PiloteFilterSet

from .choices import ActionStatus
from .models import Action


class ActionFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(label="Intitulé", method="search")
    status = django_filters.ChoiceFilter(
        label="État",
        choices=[("retard", "En retard"), *ActionStatus.choices],
        method="filter_status",
    )

    class Meta(PiloteFilterSet.Meta):
        model = Action
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_status(self, queryset, name, value):
        if value == "retard":
            return queryset.filter(
                status__in=ActionStatus.open_values(), due_date__lt=timezone.localdate()
            )
        return queryset.filter(status=value)
