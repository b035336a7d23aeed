"""API of the « Missions » module: delegations, read-only, with the list's filters."""

from rest_framework import serializers

from pilote.core.api import SchoolRowSerializer, SchoolScopedViewSet, router
from pilote.core.choices import Domain

from .filtersets import DelegationFilterSet
from .models import Delegation


class DelegationSerializer(SchoolRowSerializer):
    mission_code = serializers.CharField(source="mission.code")
    mission = serializers.CharField(source="mission.label")
    holder = serializers.CharField(source="holder.__str__")
    state = serializers.CharField()

    class Meta:
        model = Delegation
        fields = [
            "id",
            "school",
            "mission_code",
            "mission",
            "holder",
            "rank",
            "start_date",
            "end_date",
            "state",
        ]


class DelegationViewSet(SchoolScopedViewSet):
    domain = Domain.MISSIONS
    queryset = Delegation.objects.select_related("school", "mission", "holder").order_by("pk")
    serializer_class = DelegationSerializer
    filterset_class = DelegationFilterSet


router.register("delegations", DelegationViewSet, basename="delegation")
