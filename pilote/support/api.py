"""API of « Assistance »: requests, read-only, with the list's filters."""

from rest_framework import serializers

from pilote.core.api import SchoolRowSerializer, SchoolScopedViewSet, router
from pilote.core.choices import Domain

from .filtersets import SupportRequestFilterSet
from .models import SupportRequest


class SupportRequestSerializer(SchoolRowSerializer):
    reference = serializers.CharField()
    equipment = serializers.StringRelatedField()
    school_service = serializers.StringRelatedField()
    is_late = serializers.BooleanField()

    class Meta:
        model = SupportRequest
        fields = [
            "id",
            "reference",
            "school",
            "title",
            "category",
            "equipment",
            "school_service",
            "account_kind",
            "recipient",
            "routing_reason",
            "status",
            "created_at",
            "due_date",
            "resolved_at",
            "resolution_days",
            "is_late",
        ]


class SupportRequestViewSet(SchoolScopedViewSet):
    domain = Domain.ASSISTANCE
    queryset = SupportRequest.objects.for_list().order_by("-created_at", "-pk")
    serializer_class = SupportRequestSerializer
    filterset_class = SupportRequestFilterSet


router.register("demandes-assistance", SupportRequestViewSet, basename="support-request")
