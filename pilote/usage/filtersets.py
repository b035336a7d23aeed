"""Filters of the follow-up list (also used by its export and the API)."""

import django_filters

from pilote.core.filtersets import PiloteFilterSet, name_q

from .choices import CaseReason, FollowUpStatus
from .models import FollowUp


class FollowUpFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(label="Nom de l'élève", method="search")
    division = django_filters.CharFilter(
        label="Division", field_name="pupil__division__code", lookup_expr="iexact"
    )
    reason = django_filters.ChoiceFilter(label="Situation", choices=CaseReason.choices)
    status = django_filters.ChoiceFilter(label="Suivi", choices=FollowUpStatus.choices)
    current = django_filters.ChoiceFilter(
        label="Situations",
        choices=[("actuelles", "Toujours constatées"), ("toutes", "Toutes, y compris closes")],
        method="filter_current",
        empty_label="Toujours constatées",
    )

    class Meta(PiloteFilterSet.Meta):
        model = FollowUp
        fields = ["q", "division", "reason", "status", "current"]

    def __init__(self, data=None, *args, **kwargs):
        # Bound even without a query string, so that the default (« toujours constatées »)
        # applies to the first display too.
        super().__init__(data if data is not None else {}, *args, **kwargs)

    def search(self, queryset, name, value):
        return queryset.filter(name_q(value, "pupil__"))

    def filter_current(self, queryset, name, value):
        return queryset if value == "toutes" else queryset.filter(is_detected=True)

    def filter_queryset(self, queryset):
        """Only the situations that still hold, unless the person asks for all."""
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("current"):
            queryset = queryset.filter(is_detected=True)
        return queryset
