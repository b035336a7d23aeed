"""API of « Usages »: the ENT statistics as imported (counts only, no person)."""

import django_filters

from pilote.core.api import SchoolRowSerializer, SchoolScopedViewSet, router
from pilote.core.choices import Domain
from pilote.core.filtersets import PiloteFilterSet

from .choices import Profile, StatKind, StatSource
from .models import AUDIENCE_STAT_KEY, AudienceStat


class AudienceStatFilterSet(PiloteFilterSet):
    kind = django_filters.ChoiceFilter(label="Export", choices=StatKind.choices)
    source = django_filters.ChoiceFilter(label="Source", choices=StatSource.choices)
    profile = django_filters.ChoiceFilter(label="Profil", choices=Profile.choices)
    since = django_filters.DateFilter(
        label="Depuis le", field_name="period_start", lookup_expr="gte"
    )

    class Meta(PiloteFilterSet.Meta):
        model = AudienceStat
        fields = ["kind", "source", "profile", "since"]


class AudienceStatSerializer(SchoolRowSerializer):
    class Meta:
        model = AudienceStat
        fields = [
            *AUDIENCE_STAT_KEY,
            "connections",
            "unique_visitors",
            "loaded_accounts",
            "activated_accounts",
            "accesses",
        ]


class AudienceStatViewSet(SchoolScopedViewSet):
    domain = Domain.USAGES
    queryset = AudienceStat.objects.select_related("school").order_by("-period_start", "pk")
    serializer_class = AudienceStatSerializer
    filterset_class = AudienceStatFilterSet


router.register("usages/statistiques", AudienceStatViewSet, basename="usage-stat")
