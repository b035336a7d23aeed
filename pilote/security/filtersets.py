"""FilterSets of the security lists, reused by the web lists, their exports and the API."""

import django_filters
from django.db.models import Q

from pilote.core.filtersets import PiloteFilterSet

from .choices import IncidentCategory, IncidentStatus, Severity
from .models import Incident


class IncidentFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(label="Recherche", method="search")
    status = django_filters.ChoiceFilter(
        label="Statut", choices=IncidentStatus.choices, empty_label="Tous les statuts"
    )
    open_only = django_filters.ChoiceFilter(
        label="Avancement",
        choices=[("1", "Non clos seulement")],
        empty_label="Tous les incidents",
        method="filter_open",
    )
    category = django_filters.ChoiceFilter(
        label="Catégorie", choices=IncidentCategory.choices, empty_label="Toutes les catégories"
    )
    severity = django_filters.ChoiceFilter(
        label="Gravité", choices=Severity.choices, empty_label="Toutes les gravités"
    )
    personal_data = django_filters.ChoiceFilter(
        label="Données personnelles",
        choices=[("oui", "Concernées"), ("non", "Non concernées")],
        empty_label="Avec ou sans",
        method="filter_personal_data",
    )
    since = django_filters.DateFilter(
        label="Détecté depuis le", field_name="detected_at", lookup_expr="date__gte"
    )

    class Meta(PiloteFilterSet.Meta):
        model = Incident
        fields = ["q", "status", "open_only", "category", "severity", "personal_data", "since"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_open(self, queryset, name, value):
        return queryset.exclude(status=IncidentStatus.CLOSED)

    def filter_personal_data(self, queryset, name, value):
        return queryset.filter(personal_data=value == "oui")


class TerritoryIncidentFilterSet(IncidentFilterSet):
    school = django_filters.CharFilter(label="Établissement (nom ou UAI)", method="filter_school")

    class Meta(IncidentFilterSet.Meta):
        fields = ["school", *IncidentFilterSet.Meta.fields]

    def filter_school(self, queryset, name, value):
        return queryset.filter(Q(school__name__icontains=value) | Q(school__uai__iexact=value))
