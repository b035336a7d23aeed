"""Read-only API of the Parc: ``/api/v1/parc/equipements/`` and ``/api/v1/parc/salles/``."""

from rest_framework import serializers

from pilote.core.api import SchoolRowSerializer, SchoolScopedViewSet, router
from pilote.core.choices import Domain

from .filtersets import EquipmentFilterSet, RoomFilterSet
from .models import ACQUISITION_FIELDS, ROOM_FIELDS, Equipment, Room


class RoomSerializer(SchoolRowSerializer):
    class Meta:
        model = Room
        fields = ["id", "school", *ROOM_FIELDS]


class EquipmentSerializer(SchoolRowSerializer):
    room = serializers.CharField(source="room.__str__", default=None)
    age_years = serializers.IntegerField(read_only=True)
    beyond_lifetime = serializers.BooleanField(source="is_beyond_lifetime", read_only=True)

    class Meta:
        model = Equipment
        fields = [
            "id",
            "school",
            "category",
            "inventory_number",
            "serial_number",
            "brand",
            "model",
            "room",
            "cart",
            *ACQUISITION_FIELDS,
            "age_years",
            "beyond_lifetime",
            "status",
            "reform_date",
            "maintainer",
            "operating_system",
        ]


class EquipmentViewSet(SchoolScopedViewSet):
    domain = Domain.PARC
    queryset = Equipment.objects.select_related("school", "room").order_by("pk")
    serializer_class = EquipmentSerializer
    filterset_class = EquipmentFilterSet


class RoomViewSet(SchoolScopedViewSet):
    domain = Domain.PARC
    queryset = Room.objects.select_related("school").order_by("pk")
    serializer_class = RoomSerializer
    filterset_class = RoomFilterSet


router.register("parc/equipements", EquipmentViewSet, basename="parc-equipment")
router.register("parc/salles", RoomViewSet, basename="parc-room")
