"""Read-only API of the « Services » module: /api/v1/services/ and /api/v1/demandes-validation/."""

from rest_framework import serializers

from pilote.core.api import SchoolRowSerializer, SchoolScopedViewSet, router
from pilote.core.choices import Domain

from .filtersets import SchoolServiceFilterSet, ValidationRequestFilterSet
from .models import AUDIENCE_FIELDS, SchoolService, Service, ValidationRequest


class ServiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Service
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "publisher",
            "origin",
            "obligation",
            "sector",
            "gar",
            "family_authentication",
            "staff_authentication",
            *AUDIENCE_FIELDS,
            "support_contact",
            "url",
            "processes_personal_data",
            "sensitive_data",
            "hosting",
            "to_confirm",
        ]


class SchoolServiceSerializer(SchoolRowSerializer):
    service = ServiceSerializer()
    referent = serializers.CharField(source="referent.__str__", default=None)

    class Meta:
        model = SchoolService
        fields = ["id", "school", "service", "referent", "status", "start_date", "end_date"]


class ValidationRequestSerializer(SchoolRowSerializer):
    overdue = serializers.BooleanField(source="is_overdue")

    class Meta:
        model = ValidationRequest
        fields = [
            "id",
            "school",
            "kind",
            "title",
            "publisher",
            "status",
            "requested_at",
            "submitted_at",
            "due_date",
            "decided_at",
            "overdue",
        ]


class SchoolServiceViewSet(SchoolScopedViewSet):
    domain = Domain.SERVICES
    queryset = SchoolService.objects.select_related("school", "service", "referent").order_by(
        "school__uai", "service__name"
    )
    serializer_class = SchoolServiceSerializer
    filterset_class = SchoolServiceFilterSet


class ValidationRequestViewSet(SchoolScopedViewSet):
    domain = Domain.SERVICES
    queryset = ValidationRequest.objects.select_related("school").order_by("-requested_at")
    serializer_class = ValidationRequestSerializer
    filterset_class = ValidationRequestFilterSet


router.register("services", SchoolServiceViewSet, basename="schoolservice")
router.register("demandes-validation", ValidationRequestViewSet, basename="validationrequest")
