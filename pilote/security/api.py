"""Read-only API of the « Sécurité » module: /api/v1/incidents-securite/ and
/api/v1/mesures-securite/ (the school's answers on the measures referential)."""

from rest_framework import serializers

from pilote.core.api import SchoolRowSerializer, SchoolScopedViewSet, router
from pilote.core.choices import Domain

from .filtersets import IncidentFilterSet
from .models import IMPACT_FIELDS, Incident, SchoolMeasure


class IncidentSerializer(SchoolRowSerializer):
    reference = serializers.CharField()
    severity = serializers.CharField(source="get_severity_display")
    services = serializers.PrimaryKeyRelatedField(
        source="affected_services", many=True, read_only=True
    )
    equipment = serializers.PrimaryKeyRelatedField(
        source="affected_equipment", many=True, read_only=True
    )

    class Meta:
        model = Incident
        fields = [
            "id",
            "school",
            "reference",
            "title",
            "category",
            "detected_at",
            "started_at",
            *IMPACT_FIELDS.values(),
            "severity",
            "personal_data",
            "cnil_notified_at",
            "status",
            "reported_at",
            "closed_at",
            "services",
            "equipment",
        ]


class IncidentViewSet(SchoolScopedViewSet):
    """Incidents of the schools where the caller may read security (no personal details)."""

    domain = Domain.SECURITE
    queryset = Incident.objects.select_related("school").prefetch_related(
        "affected_services", "affected_equipment"
    )
    serializer_class = IncidentSerializer
    filterset_class = IncidentFilterSet


class SchoolMeasureSerializer(SchoolRowSerializer):
    measure = serializers.CharField(source="measure.code")
    label = serializers.CharField(source="measure.label")
    notions = serializers.CharField(source="measure.notions")

    class Meta:
        model = SchoolMeasure
        fields = ["id", "school", "measure", "label", "notions", "status", "review_date"]


class SchoolMeasureViewSet(SchoolScopedViewSet):
    domain = Domain.SECURITE
    queryset = SchoolMeasure.objects.select_related("school", "measure").order_by(
        "school__uai", "measure__position"
    )
    serializer_class = SchoolMeasureSerializer


router.register("incidents-securite", IncidentViewSet, basename="security-incident")
router.register("mesures-securite", SchoolMeasureViewSet, basename="security-measure")
