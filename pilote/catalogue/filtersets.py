"""FilterSets of the « Services » module, shared by the lists, their exports and the API."""

import django_filters
from django.db.models import Q

from pilote.core.filtersets import PiloteFilterSet

from .choices import (
    Obligation,
    RequestStatus,
    SchoolServiceStatus,
    ServiceKind,
    ServiceOrigin,
)
from .models import SchoolService, Service, ValidationRequest


class ServiceFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(label="Nom ou éditeur", method="search")
    kind = django_filters.ChoiceFilter(label="Nature", choices=ServiceKind.choices)
    origin = django_filters.ChoiceFilter(label="Catalogue", choices=ServiceOrigin.choices)
    obligation = django_filters.ChoiceFilter(label="Usage", choices=Obligation.choices)

    class Meta(PiloteFilterSet.Meta):
        model = Service
        fields = ["q", "kind", "origin", "obligation"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(publisher__icontains=value))


class SchoolServiceFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(
        label="Nom du service", field_name="service__name", lookup_expr="icontains"
    )
    kind = django_filters.ChoiceFilter(
        label="Nature", field_name="service__kind", choices=ServiceKind.choices
    )
    origin = django_filters.ChoiceFilter(
        label="Catalogue", field_name="service__origin", choices=ServiceOrigin.choices
    )
    status = django_filters.ChoiceFilter(label="Statut", choices=SchoolServiceStatus.choices)
    without_referent = django_filters.BooleanFilter(
        label="Sans référent", field_name="referent", lookup_expr="isnull"
    )

    class Meta(PiloteFilterSet.Meta):
        model = SchoolService
        fields = ["q", "kind", "origin", "status", "without_referent"]


class ValidationRequestFilterSet(PiloteFilterSet):
    status = django_filters.ChoiceFilter(label="Étape", choices=RequestStatus.choices)
    pending = django_filters.BooleanFilter(label="En cours", method="filter_pending")

    class Meta(PiloteFilterSet.Meta):
        model = ValidationRequest
        fields = ["status", "kind", "pending"]

    def filter_pending(self, queryset, name, value):
        pending = Q(status__in=RequestStatus.pending())
        return queryset.filter(pending) if value else queryset.exclude(pending)
