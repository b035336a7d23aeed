"""The API under ``/api/v1/``: one router, each module registers its viewsets on it.

A module's viewset derives from :class:`SchoolScopedViewSet`: it lists only the rows of the
schools where the caller holds the module's view capability, and filters with the same
FilterSet as the web list (``?school=<UAI>`` and the list's own filters).
"""

from collections import Counter

from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from .choices import Domain, JournalAction, Level
from .journal import record
from .metrics import registry
from .models import School
from .permissions import PUPIL_NAMES, capabilities_for, schools_with_capability

router = DefaultRouter()


class SchoolScopedViewSet(viewsets.ReadOnlyModelViewSet):
    domain: Domain = Domain.PILOTAGE
    # Rows naming pupils, guardians or staff: each read is journaled for the school.
    personal_data = False
    # Rows naming pupils or guardians: only in schools where the caller may see them.
    names_pupils = False

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        page = getattr(self.paginator, "page", None)
        self.journal_read(page.object_list if page is not None else [])
        return response

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        self.journal_read([instance])
        return Response(self.get_serializer(instance).data)

    def journal_read(self, rows) -> None:
        if not self.personal_data:
            return
        per_school = Counter(row.school for row in rows)
        label = self.queryset.model._meta.verbose_name_plural
        for school, count in per_school.items():
            record(
                JournalAction.PERSONAL_DATA_READ,
                f"Lecture par l'API : {label} ({count} ligne{'s' if count > 1 else ''})",
                request=self.request,
                school=school,
                path=self.request.get_full_path(),
                rows=count,
            )

    def get_queryset(self):
        schools = schools_with_capability(self.request.user, self.domain, Level.VIEW)
        if self.names_pupils:
            schools = schools.filter(
                pk__in=schools_with_capability(self.request.user, *PUPIL_NAMES)
            )
        queryset = self.queryset.filter(school__in=schools)
        uai = self.request.query_params.get("school")
        if uai:
            queryset = queryset.filter(school__uai=uai)
        return queryset


# A row of a school names its school by UAI: the key a caller filters with (``?school=<UAI>``)
# and finds in every other module's rows. (A comment, not a docstring: drf-spectacular would
# publish a docstring as the description of every serializer deriving from this one.)
class SchoolRowSerializer(serializers.ModelSerializer):
    school = serializers.CharField(source="school.uai")


class SchoolSerializer(serializers.ModelSerializer):
    academie = serializers.CharField(source="academie.name")
    collectivite = serializers.CharField(source="collectivite.__str__")

    class Meta:
        model = School
        fields = ["uai", "name", "type", "commune", "academie", "collectivite", "declared_pupils"]


class SchoolViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SchoolSerializer
    lookup_field = "uai"

    def get_queryset(self):
        return School.objects.visible_to(self.request.user).select_related(
            "academie", "collectivite"
        )

    @action(detail=True, url_path="indicateurs")
    def indicators(self, request, uai=None):
        """Every indicator of the school that the caller may see (same as the cockpit)."""
        school = self.get_object()
        capabilities = capabilities_for(request.user, school)
        domains = [d.value for d in Domain if capabilities.can(d, Level.VIEW)]
        return Response([m.as_json() for m in registry.measure_school(school, domains)])


router.register("etablissements", SchoolViewSet, basename="school")
