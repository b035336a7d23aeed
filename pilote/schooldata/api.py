"""Read-only API of « Données »: divisions and staff (données), pupils (données personnelles)."""

from rest_framework import serializers

from pilote.core.api import SchoolRowSerializer, SchoolScopedViewSet, router
from pilote.core.choices import Domain

from .filtersets import DivisionFilterSet, PupilFilterSet, StaffFilterSet
from .models import Division, Pupil, StaffMember


class DivisionSerializer(SchoolRowSerializer):
    mefs = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Division
        fields = [
            "id",
            "school",
            "code",
            "label",
            "is_group",
            "level",
            "mefs",
            "in_siecle",
            "in_sts",
        ]


class PupilSerializer(SchoolRowSerializer):
    division = serializers.CharField(source="division.code", default=None)

    class Meta:
        model = Pupil
        fields = [
            "id",
            "school",
            "siecle_id",
            "ine",
            "last_name",
            "first_name",
            "birth_date",
            "division",
            "mef",
            "is_active",
            "entry_date",
            "exit_date",
        ]


class StaffSerializer(SchoolRowSerializer):
    class Meta:
        model = StaffMember
        fields = [
            "id",
            "school",
            "sts_id",
            "sts_type",
            "last_name",
            "first_name",
            "function",
            "disciplines",
        ]


class DivisionViewSet(SchoolScopedViewSet):
    domain = Domain.DONNEES
    queryset = Division.objects.select_related("school").prefetch_related("mefs").order_by("code")
    serializer_class = DivisionSerializer
    filterset_class = DivisionFilterSet


class PupilViewSet(SchoolScopedViewSet):
    personal_data = True
    names_pupils = True
    domain = Domain.PERSONNES
    queryset = Pupil.objects.select_related("school", "division").order_by("last_name", "pk")
    serializer_class = PupilSerializer
    filterset_class = PupilFilterSet


class StaffViewSet(SchoolScopedViewSet):
    personal_data = True
    domain = Domain.DONNEES
    queryset = StaffMember.objects.select_related("school").order_by("last_name", "pk")
    serializer_class = StaffSerializer
    filterset_class = StaffFilterSet


router.register("divisions", DivisionViewSet, basename="division")
router.register("eleves", PupilViewSet, basename="eleve")
router.register("personnels", StaffViewSet, basename="personnel")
