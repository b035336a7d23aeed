"""One FilterSet per model, reused by the list, its export and the API."""

import django_filters
from django import forms
from django.db.models import Q

from .choices import JournalAction, Role
from .forms import PiloteForm
from .models import JournalEntry, Membership


def name_q(value: str, prefix: str = "") -> Q:
    """A person (pupil, staff member, member, holder…) is found by part of their last name or
    of their first name, in every list: the rule is written once so that all searches agree.
    ``prefix`` reaches the person from the listed row (``"user__"``)."""
    return Q(**{f"{prefix}last_name__icontains": value}) | Q(
        **{f"{prefix}first_name__icontains": value}
    )


def search_names(queryset, name, value):
    """``method`` of a search filter on a list of people: by name or first name."""
    return queryset.filter(name_q(value))


def school_choices(rows):
    """The ``queryset`` of a choice filter over a school's rows (``rows``, a queryset of a
    school-scoped model): on a school page, the rows of that school; in the API, which has no
    current school, the rows of every school the caller may see (the listed rows are already
    narrowed to those), so that ``?division=12`` is understood there too."""

    def offered(request):
        if request is None:
            return rows.none()
        school = getattr(request, "school", None)
        if school is not None:
            return rows.for_school(school)
        return rows.visible_to(request.user)

    return offered


class PiloteFilterSet(django_filters.FilterSet):
    """Filter forms with the DSFR look, whose lists start on « Tous » (no filter)."""

    class Meta:
        form = PiloteForm

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            if isinstance(field.widget, forms.NullBooleanSelect):
                # Django says « Inconnu » for « no answer »: in a filter, it means all rows.
                field.widget.choices = [("unknown", "Tous"), ("true", "Oui"), ("false", "Non")]
        return form


class MembershipFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(label="Nom ou adresse", method="search")
    role = django_filters.ChoiceFilter(
        label="Rôle", choices=Role.choices, empty_label="Tous les rôles"
    )
    period = django_filters.ChoiceFilter(
        label="Période",
        choices=[("actuels", "Membres actuels"), ("anciens", "Anciens membres"), ("tous", "Tous")],
        method="filter_period",
        empty_label="Membres actuels",
    )

    class Meta(PiloteFilterSet.Meta):
        model = Membership
        fields = ["q", "role", "period"]

    def search(self, queryset, name, value):
        return queryset.filter(name_q(value, "user__") | Q(user__email__icontains=value))

    def __init__(self, data=None, *args, **kwargs):
        # Bound even without a query string, so that « current members » applies by default.
        super().__init__(data if data is not None else {}, *args, **kwargs)

    def filter_period(self, queryset, name, value):
        active = Membership.objects.active().values("pk")
        if value == "anciens":
            return queryset.exclude(pk__in=active)
        if value == "tous":
            return queryset
        return queryset.filter(pk__in=active)

    def filter_queryset(self, queryset):
        """Current members unless the person asks otherwise."""
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("period"):
            queryset = self.filter_period(queryset, "period", "actuels")
        return queryset


class JournalFilterSet(PiloteFilterSet):
    action = django_filters.ChoiceFilter(
        label="Événement", choices=JournalAction.choices, empty_label="Tous les événements"
    )
    actor = django_filters.CharFilter(
        label="Auteur", field_name="actor_label", lookup_expr="icontains"
    )
    since = django_filters.DateFilter(
        label="Depuis le", field_name="timestamp", lookup_expr="date__gte"
    )
    until = django_filters.DateFilter(
        label="Jusqu'au", field_name="timestamp", lookup_expr="date__lte"
    )

    class Meta(PiloteFilterSet.Meta):
        model = JournalEntry
        fields = ["action", "actor", "since", "until"]
