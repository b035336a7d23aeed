import django_filters
from django.db.models import Q

from pilote.core.filtersets import PiloteFilterSet, name_q, search_names

from .choices import Level, Source, StaffFunction
from .models import DataImport, Division, Pupil, StaffMember


class PupilFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(label="Nom, prénom ou INE", method="search")
    division = django_filters.ModelChoiceFilter(
        label="Division", queryset=Division.objects.all(), empty_label="Toutes"
    )
    status = django_filters.ChoiceFilter(
        label="Présence",
        choices=[
            ("presents", "Présents"),
            ("hors_division", "Hors division (Inactifs)"),
            ("sortis", "Sortis"),
            ("tous", "Tous"),
        ],
        method="filter_status",
        empty_label="Présents",
    )

    class Meta(PiloteFilterSet.Meta):
        model = Pupil
        fields = ["q", "division", "status"]

    def __init__(self, data=None, *args, school=None, **kwargs):
        # Bound even without a query string, so that « présents » applies by default.
        super().__init__(data if data is not None else {}, *args, **kwargs)
        if school is not None:
            self.filters["division"].queryset = Division.objects.for_school(school).filter(
                is_group=False
            )

    def search(self, queryset, name, value):
        return queryset.filter(name_q(value) | Q(ine__iexact=value))

    def filter_status(self, queryset, name, value):
        if value == "sortis":
            return queryset.left()
        if value == "hors_division":
            return queryset.unplaced()
        if value == "tous":
            return queryset
        return queryset.active()

    def filter_queryset(self, queryset):
        """Present pupils unless the person asks otherwise."""
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.active()
        return queryset


class DivisionFilterSet(PiloteFilterSet):
    code = django_filters.CharFilter(label="Code", lookup_expr="icontains")
    level = django_filters.ChoiceFilter(label="Niveau", choices=Level.choices)
    is_group = django_filters.BooleanFilter(label="Groupe")

    class Meta(PiloteFilterSet.Meta):
        model = Division
        fields = ["code", "level", "is_group"]


class StaffFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(label="Nom", method=search_names)
    function = django_filters.ChoiceFilter(label="Fonction", choices=StaffFunction.choices)

    class Meta(PiloteFilterSet.Meta):
        model = StaffMember
        fields = ["q", "function"]


class DataImportFilterSet(PiloteFilterSet):
    source = django_filters.ChoiceFilter(label="Source", choices=Source.choices)

    class Meta(PiloteFilterSet.Meta):
        model = DataImport
        fields = ["source"]
