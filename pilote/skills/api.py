"""Read-only API of « Compétences »: ``/api/v1/competences/…`` (campaigns, participations,
certification results, Pix+ Édu). Same scoping and filters as the pages."""

from rest_framework import serializers

from pilote.core.api import SchoolRowSerializer, SchoolScopedViewSet, router
from pilote.core.choices import Domain

from .filtersets import CampaignFilterSet, CertificationResultFilterSet, ParticipationFilterSet
from .models import (
    COMPETENCE_FIELDS,
    PARTICIPATION_RESULTS,
    Campaign,
    CertificationResult,
    Participation,
    PixEduRecord,
)


class CampaignSerializer(SchoolRowSerializer):
    class Meta:
        model = Campaign
        fields = [
            "id",
            "school",
            "pix_id",
            "code",
            "name",
            "kind",
            "target_profile",
            "external_id_label",
            "stage_count",
            "school_year",
            "exported_on",
        ]


class ParticipationSerializer(SchoolRowSerializer):
    division = serializers.CharField(source="division.code", default=None)
    competences = serializers.SerializerMethodField()

    class Meta:
        model = Participation
        fields = [
            "id",
            "school",
            "campaign",
            "last_name",
            "first_name",
            "division",
            "match_status",
            *PARTICIPATION_RESULTS,
            "competences",
        ]

    def get_competences(self, participation) -> dict:
        return {
            r.competence: {name: getattr(r, name) for name in COMPETENCE_FIELDS}
            for r in participation.competence_results.all()
        }


class CertificationResultSerializer(SchoolRowSerializer):
    division = serializers.CharField(source="division.code", default=None)

    class Meta:
        model = CertificationResult
        fields = [
            "id",
            "school",
            "certification_number",
            "last_name",
            "first_name",
            "division",
            "match_status",
            "status",
            "pix_score",
            "levels",
            "session",
            "session_date",
            "school_year",
        ]


class PixEduSerializer(SchoolRowSerializer):
    teacher = serializers.CharField(source="staff.__str__")

    class Meta:
        model = PixEduRecord
        fields = ["id", "school", "teacher", "path", "status", "level", "certified_on"]


class CampaignViewSet(SchoolScopedViewSet):
    domain = Domain.COMPETENCES
    queryset = Campaign.objects.select_related("school").order_by("pk")
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet


class ParticipationViewSet(SchoolScopedViewSet):
    personal_data = True
    names_pupils = True
    domain = Domain.COMPETENCES
    queryset = (
        Participation.objects.select_related("school", "division")
        .prefetch_related("competence_results")
        .order_by("pk")
    )
    serializer_class = ParticipationSerializer
    filterset_class = ParticipationFilterSet


class CertificationResultViewSet(SchoolScopedViewSet):
    personal_data = True
    names_pupils = True
    domain = Domain.COMPETENCES
    queryset = CertificationResult.objects.select_related("school", "division").order_by("pk")
    serializer_class = CertificationResultSerializer
    filterset_class = CertificationResultFilterSet


class PixEduViewSet(SchoolScopedViewSet):
    personal_data = True
    domain = Domain.COMPETENCES
    queryset = PixEduRecord.objects.select_related("school", "staff").order_by("pk")
    serializer_class = PixEduSerializer


router.register("competences/campagnes", CampaignViewSet, basename="skills-campaign")
router.register("competences/participations", ParticipationViewSet, basename="skills-participation")
router.register(
    "competences/certifications", CertificationResultViewSet, basename="skills-certification"
)
router.register("competences/pix-edu", PixEduViewSet, basename="skills-pixedu")
