"""Filters of the « Compétences » lists, reused by their exports and the API."""

import django_filters
from django.db.models import Q

from pilote.core.filtersets import PiloteFilterSet, school_choices, search_names
from pilote.schooldata.models import Division, Pupil, StaffMember

from .choices import CampaignKind, CertificationStatus, MatchStatus, PixEduStatus
from .models import Campaign, CertificationResult, Participation

# A list of classes, never of groups: a pupil's class is what the results are compared by.
school_divisions = school_choices(Division.objects.filter(is_group=False))
school_campaigns = school_choices(Campaign.objects.all())


class CampaignFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(label="Nom ou code", method="search")
    kind = django_filters.ChoiceFilter(label="Type", choices=CampaignKind.choices)
    school_year = django_filters.NumberFilter(label="Année scolaire (début)")

    class Meta(PiloteFilterSet.Meta):
        model = Campaign
        fields = ["q", "kind", "school_year"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class ParticipationFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(label="Nom ou prénom", method=search_names)
    campaign = django_filters.ModelChoiceFilter(label="Campagne", queryset=school_campaigns)
    division = django_filters.ModelChoiceFilter(label="Division", queryset=school_divisions)
    shared = django_filters.BooleanFilter(label="Résultats partagés")
    match_status = django_filters.ChoiceFilter(label="Rattachement", choices=MatchStatus.choices)

    class Meta(PiloteFilterSet.Meta):
        model = Participation
        fields = ["q", "campaign", "division", "shared", "match_status"]


class CandidateFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(label="Nom ou prénom", method=search_names)
    division = django_filters.ModelChoiceFilter(label="Division", queryset=school_divisions)
    is_certifiable = django_filters.BooleanFilter(label="Certifiable")
    validated = django_filters.BooleanFilter(label="Certification validée")

    class Meta(PiloteFilterSet.Meta):
        model = Pupil
        fields = ["q", "division"]


class CertificationResultFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(label="Nom ou prénom", method=search_names)
    division = django_filters.ModelChoiceFilter(label="Division", queryset=school_divisions)
    status = django_filters.ChoiceFilter(label="Statut", choices=CertificationStatus.choices)
    match_status = django_filters.ChoiceFilter(label="Rattachement", choices=MatchStatus.choices)
    school_year = django_filters.NumberFilter(label="Année scolaire (début)")

    class Meta(PiloteFilterSet.Meta):
        model = CertificationResult
        fields = ["q", "division", "status", "match_status", "school_year"]


class TeacherFilterSet(PiloteFilterSet):
    q = django_filters.CharFilter(label="Nom ou prénom", method=search_names)
    status = django_filters.ChoiceFilter(
        label="Étape Pix+ Édu", choices=PixEduStatus.choices, method="filter_status"
    )

    class Meta(PiloteFilterSet.Meta):
        model = StaffMember
        fields = ["q", "status"]

    def filter_status(self, queryset, name, value):
        if value == PixEduStatus.NOT_ENGAGED:
            return queryset.filter(
                Q(pix_edu__isnull=True) | Q(pix_edu__status=PixEduStatus.NOT_ENGAGED)
            )
        return queryset.filter(pix_edu__status=value)
