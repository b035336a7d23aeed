"""Pages of « Données »: data quality (the module's home), pupils, divisions, staff, where the
data flows, and the history of imports. Named pupils and families need the « données
personnelles » capability; the rest needs « Données »."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from pilote.core.choices import Domain, Level
from pilote.core.generic import ObjectListView
from pilote.core.importing import get_importer
from pilote.core.mixins import InvalidFormIs400, SchoolMixin

from . import circulation, quality
from .filtersets import DataImportFilterSet, DivisionFilterSet, PupilFilterSet, StaffFilterSet
from .forms import DataSettingsForm, FeedForm
from .models import DataImport, DataSettings, Division, Pupil, StaffMember, TeachingService
from .tables import DataImportTable, DivisionTable, PupilTable, StaffTable

ANOMALY_ROWS = 50


class DataListView(ObjectListView):
    """Lists of imported data: read-only here, corrected in SIECLE or STS-web."""

    domain = Domain.DONNEES
    template_name = "schooldata/object_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["add_url_name"] = None
        return context


class QualityView(SchoolMixin, TemplateView):
    template_name = "schooldata/quality.html"
    domain = Domain.DONNEES

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = quality.measure([self.school])[self.school.pk]
        show_people = self.capabilities.can(Domain.PERSONNES, Level.VIEW)
        context["freshness"] = quality.freshness(self.school)
        context["anomalies"] = [
            {
                "anomaly": anomaly,
                "count": counts.get(anomaly.code),
                "records": self.records(anomaly, counts.get(anomaly.code), show_people),
            }
            for anomaly in quality.ANOMALIES
        ]
        context["open_total"] = counts["donnees.anomalies"]
        context["counts"] = counts
        return context

    def records(self, anomaly, count, show_people):
        if not count or (anomaly.personal and not show_people):
            return []
        return list(anomaly.records(self.school)[:ANOMALY_ROWS])


class SettingsView(InvalidFormIs400, SchoolMixin, FormView):
    """The freshness threshold of the quality page."""

    template_name = "schooldata/settings.html"
    domain = Domain.DONNEES
    required_level = Level.EDIT
    form_class = DataSettingsForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        instance = DataSettings.objects.for_school(self.school).first()
        kwargs.update(school=self.school, instance=instance or DataSettings(school=self.school))
        return kwargs

    def form_valid(self, form):
        form.save()
        messages.success(self.request, "Seuil de fraîcheur enregistré.")
        return HttpResponseRedirect(reverse("schooldata:index", args=[self.school.uai]))


class PupilListView(DataListView):
    """Pupils by division: personal data, so exports are journaled."""

    model = Pupil
    domain = Domain.PERSONNES
    url_prefix = "pupil"
    table_class = PupilTable
    filterset_class = PupilFilterSet
    personal_data = True
    title = "Élèves par division"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("division", "school")
            .order_by("division__code", "last_name", "first_name")
        )

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "school": self.school}


class DivisionListView(DataListView):
    model = Division
    url_prefix = "division"
    table_class = DivisionTable
    filterset_class = DivisionFilterSet
    title = "Divisions et groupes"

    def get_queryset(self):
        queryset = super().get_queryset().with_counts().select_related("school")
        return queryset.order_by("is_group", "code")


class DivisionDetailView(SchoolMixin, TemplateView):
    template_name = "schooldata/division_detail.html"
    domain = Domain.DONNEES

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        division = self.own_object(
            Division.objects.prefetch_related("mefs", "divisions", "groups", "main_teachers"),
            pk=self.kwargs["pk"],
        )
        context["division"] = division
        context["services"] = (
            TeachingService.objects.filter(division=division)
            .select_related("subject")
            .prefetch_related(
                Prefetch("teachers", queryset=StaffMember.objects.order_by("last_name"))
            )
            .order_by("subject__label")
        )
        context["pupil_total"] = division.pupils.active().count() + (
            division.group_pupils.active().count()
        )
        if self.capabilities.can(Domain.PERSONNES, Level.VIEW):
            members = division.group_pupils if division.is_group else division.pupils
            context["pupils"] = members.active().annotate(
                legal_total=Count("guardian_links", filter=Q(guardian_links__is_legal=True))
            )
        context["history"] = division.history.select_related("history_user")[:10]
        return context


class StaffListView(DataListView):
    model = StaffMember
    personal_data = True
    url_prefix = "staff"
    table_class = StaffTable
    filterset_class = StaffFilterSet
    title = "Personnels (STS-web)"

    def get_queryset(self):
        queryset = super().get_queryset().annotate(service_count=Count("services"))
        return queryset.order_by("last_name", "first_name")


class ImportHistoryView(DataListView):
    model = DataImport
    url_prefix = "import"
    table_class = DataImportTable
    filterset_class = DataImportFilterSet
    title = "Historique des imports SIECLE et STS-web"
    template_name = "schooldata/import_history.html"

    def get_queryset(self):
        return super().get_queryset().select_related("imported_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.capabilities.can(Domain.DONNEES, Level.EDIT):
            context["importers"] = [get_importer("siecle"), get_importer("sts")]
        return context


class CirculationView(SchoolMixin, TemplateView):
    """Applications fed from SIECLE / STS-web with the date each was last fed."""

    template_name = "schooldata/circulation.html"
    domain = Domain.DONNEES
    write_level = Level.EDIT

    def rows(self, data=None):
        return [
            (feed, FeedForm(data, prefix=feed.code, initial=self.initial(feed)))
            for feed in circulation.feeds(self.school)
        ]

    @staticmethod
    def initial(feed) -> dict:
        return {"last_fed_on": feed.last_fed_on, "responsible": feed.responsible}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("rows", self.rows())
        context["changes"] = circulation.last_changes(self.school)
        context["can_edit"] = self.capabilities.can(Domain.DONNEES, Level.EDIT)
        return context

    def post(self, request, *args, **kwargs):
        rows = self.rows(request.POST)
        if not all(form.is_valid() for _feed, form in rows):
            messages.error(request, "Certaines dates sont invalides : rien n'a été enregistré.")
            return self.render_to_response(self.get_context_data(rows=rows), status=400)
        with transaction.atomic():
            changed = sum(
                circulation.save_feed(self.school, feed, **form.cleaned_data) for feed, form in rows
            )
        messages.success(request, f"{changed} application(s) mise(s) à jour.")
        return HttpResponseRedirect(request.path)
