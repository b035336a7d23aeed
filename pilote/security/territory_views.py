"""Pages of the académie (its RSSI) across its schools: incidents, added measures, contacts."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.views.generic import FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from pilote.core.choices import Domain, Level
from pilote.core.generic import ChosenColumnsMixin
from pilote.core.mixins import AcademieMixin, InvalidFormIs400, TerritoryMixin

from .choices import MeasureSource
from .filtersets import TerritoryIncidentFilterSet
from .forms import AcademieContactForm, AcademieMeasureForm
from .models import AcademieSecurityContact, Incident, SecurityMeasure
from .tables import TerritoryIncidentTable


class TerritoryIncidentListView(ChosenColumnsMixin, TerritoryMixin, SingleTableMixin, FilterView):
    """Every incident of every school of the territory: the RSSI centralises the reports."""

    template_name = "security/territory_incidents.html"
    domain = Domain.SECURITE
    table_class = TerritoryIncidentTable
    filterset_class = TerritoryIncidentFilterSet
    paginate_by = 50

    def get_queryset(self):
        return Incident.objects.filter(school__in=self.territory_schools()).select_related("school")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_academie"] = self.kind == "academie"
        return context


class AcademieOnlyMixin(AcademieMixin):
    domain = Domain.SECURITE

    def back(self):
        return HttpResponseRedirect(self.request.path)


class AcademieMeasuresView(InvalidFormIs400, AcademieOnlyMixin, FormView):
    """Measures the académie adds to the national referential, for all its schools."""

    template_name = "security/academie_measures.html"
    form_class = AcademieMeasureForm
    write_level = Level.MANAGE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["measures"] = SecurityMeasure.objects.filter(
            academie=self.organisation, retired=False
        )
        context["can_manage"] = self.capabilities.can(self.domain, Level.MANAGE)
        return context

    def form_valid(self, form):
        measure = form.save(commit=False)
        count = SecurityMeasure.objects.filter(academie=self.organisation).count()
        measure.academie = self.organisation
        measure.source = MeasureSource.ACADEMIE
        measure.code = f"ac{self.organisation.code}-{count + 1:02d}"
        measure.referential_version = f"académie {self.organisation.code}"
        measure.position = 1000 + count
        measure.save()
        messages.success(
            self.request, f"Mesure ajoutée pour tous les établissements de l'académie : {measure}."
        )
        return self.back()


class AcademieContactView(InvalidFormIs400, AcademieOnlyMixin, FormView):
    """The DPD's address and the security cell's mailbox, used by every report."""

    template_name = "security/academie_contacts.html"
    form_class = AcademieContactForm
    required_level = Level.MANAGE

    def get_form_kwargs(self):
        instance = AcademieSecurityContact.objects.filter(academie=self.organisation).first()
        return {**super().get_form_kwargs(), "instance": instance}

    def form_valid(self, form):
        form.instance.academie = self.organisation
        form.save()
        messages.success(self.request, "Contacts sécurité de l'académie enregistrés.")
        return self.back()
