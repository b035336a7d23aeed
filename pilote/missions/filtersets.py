"""Filters of the « Missions » lists (also used by the API)."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from pilote.core.filtersets import PiloteFilterSet, name_q

from .choices import DelegationRank, DelegationState, LetterStatus, MissionAxis
from .models import Delegation, Mission, MissionLetter


class MissionFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(label="Intitulé", method="search")
    axis = django_filters.ChoiceFilter(label="Axe", choices=MissionAxis.choices)
    origin = django_filters.ChoiceFilter(
        label="Origine",
        choices=[("referentiel", "Référentiel"), ("etablissement", "Propre à l'établissement")],
        method="filter_origin",
    )

    class Meta(PiloteFilterSet.Meta):
        model = Mission
        fields = ["q", "axis", "origin"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(label__icontains=value) | Q(description__icontains=value))

    def filter_origin(self, queryset, name, value):
        return queryset.filter(school__isnull=value == "referentiel")


class DelegationFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(label="Titulaire", method="search")
    mission = django_filters.ModelChoiceFilter(
        label="Mission", queryset=Mission.objects.all(), field_name="mission"
    )
    rank = django_filters.ChoiceFilter(label="Importance", choices=DelegationRank.choices)
    state = django_filters.ChoiceFilter(
        label="État", choices=DelegationState.choices, method="filter_state"
    )

    class Meta(PiloteFilterSet.Meta):
        model = Delegation
        fields = ["q", "mission", "rank", "state"]

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        if school is not None:
            self.filters["mission"].queryset = Mission.objects.available_to(school)

    def search(self, queryset, name, value):
        return queryset.filter(name_q(value, "holder__"))

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == DelegationState.EN_COURS:
            return queryset.active(today)
        if value == DelegationState.A_VENIR:
            return queryset.upcoming(today)
        return queryset.expired(today)


class MissionLetterFilterSet(PiloteFilterSet):
    status = django_filters.ChoiceFilter(label="État", choices=LetterStatus.choices)
    school_year = django_filters.CharFilter(label="Année scolaire", lookup_expr="icontains")

    class Meta(PiloteFilterSet.Meta):
        model = MissionLetter
        fields = ["status", "school_year"]
