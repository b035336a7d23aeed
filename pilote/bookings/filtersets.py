"""Filters of the lists of the « Réservations » module (also used by the API)."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from pilote.core.filtersets import PiloteFilterSet

from .choices import BookingStatus, BorrowerKind, LoanState, ResourceKind
from .models import Booking, Loan, Resource


class ResourceFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(label="Nom", field_name="name", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label="Type", choices=ResourceKind.choices)
    is_active = django_filters.BooleanFilter(label="Réservable")

    class Meta(PiloteFilterSet.Meta):
        model = Resource
        fields = ["q", "kind", "is_active"]


class BookingFilterSet(PiloteFilterSet):
    when = django_filters.ChoiceFilter(
        label="Période",
        choices=[("a_venir", "À venir"), ("passees", "Passées")],
        method="filter_when",
        empty_label="Toutes",
    )
    status = django_filters.ChoiceFilter(label="Statut", choices=BookingStatus.choices)
    resource = django_filters.ModelChoiceFilter(label="Ressource", queryset=Resource.objects.all())
    since = django_filters.DateFilter(
        label="Depuis le", field_name="starts_at", lookup_expr="date__gte"
    )
    until = django_filters.DateFilter(
        label="Jusqu'au", field_name="starts_at", lookup_expr="date__lte"
    )

    class Meta(PiloteFilterSet.Meta):
        model = Booking
        fields = ["when", "status", "resource", "since", "until"]

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        if school is not None:
            self.filters["resource"].queryset = Resource.objects.for_school(school)

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "passees":
            return queryset.filter(ends_at__lte=now).order_by("-starts_at")
        return queryset.filter(ends_at__gt=now)


class LoanFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(label="Emprunteur ou équipement", method="search")
    state = django_filters.ChoiceFilter(
        label="État", choices=LoanState.choices, method="filter_state", empty_label="Tous"
    )
    borrower_kind = django_filters.ChoiceFilter(label="Emprunteur", choices=BorrowerKind.choices)

    class Meta(PiloteFilterSet.Meta):
        model = Loan
        fields = ["q", "state", "borrower_kind"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(borrower_name__icontains=value)
            | Q(equipment__inventory_number__icontains=value)
            | Q(equipment__serial_number__icontains=value)
        )

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == LoanState.RENDU:
            return queryset.filter(returned_on__isnull=False)
        if value == LoanState.EN_RETARD:
            return queryset.filter(returned_on__isnull=True, due_on__lt=today)
        return queryset.filter(returned_on__isnull=True, due_on__gte=today)
