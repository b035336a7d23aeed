"""Territorial pages: the académie's catalogue (kept by the DRANE), the collectivité's
catalogue (kept by its gestionnaire), and the validation requests of their schools with
those waiting for the viewer's opinion."""

from django.contrib import messages
from django.db.models import Count, Q
from django.urls import reverse
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView
from django_tables2 import SingleTableMixin

from pilote.core.choices import Domain, Level
from pilote.core.mixins import InvalidFormIs400, TerritoryMixin
from pilote.core.models import Academie

from . import workflow
from .choices import Authority, RequestStatus, SchoolServiceStatus, ServiceOrigin
from .forms import ServiceForm
from .models import Service, ValidationRequest
from .tables import TerritoryRequestTable, TerritoryServiceTable

IN_USE = [SchoolServiceStatus.EN_SERVICE, SchoolServiceStatus.ESSAI]


class TerritoryServicesMixin(TerritoryMixin):
    domain = Domain.SERVICES

    def catalogue(self):
        return Service.objects.of_organisation(self.organisation)

    def territory_kwargs(self) -> dict:
        return {"kind": self.kind, "code": self.organisation.code}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = self.capabilities.can(Domain.SERVICES, Level.EDIT)
        context["index_url"] = reverse("catalogue_territory:index", kwargs=self.territory_kwargs())
        return context


class TerritoryCatalogueView(TerritoryServicesMixin, SingleTableMixin, TemplateView):
    template_name = "catalogue/territory_catalogue.html"
    table_class = TerritoryServiceTable
    table_pagination = {"per_page": 50}

    def get_table_data(self):
        in_use = Q(adoptions__status__in=IN_USE)
        return self.catalogue().annotate(adoption_count=Count("adoptions", filter=in_use))


class TerritoryServiceDetailView(TerritoryServicesMixin, DetailView):
    template_name = "catalogue/territory_service_detail.html"

    def get_queryset(self):
        return self.catalogue()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["adoptions"] = (
            self.object.adoptions.exclude(status=SchoolServiceStatus.RETIRE)
            .select_related("school", "referent")
            .order_by("school__name")
        )
        return context


class TerritoryServiceFormMixin(InvalidFormIs400, TerritoryServicesMixin):
    model = Service
    form_class = ServiceForm
    template_name = "catalogue/territory_service_form.html"
    required_level = Level.EDIT

    def get_success_url(self):
        return reverse(
            "catalogue_territory:service_detail",
            kwargs={**self.territory_kwargs(), "pk": self.object.pk},
        )


class TerritoryServiceCreateView(TerritoryServiceFormMixin, CreateView):
    def form_valid(self, form):
        if isinstance(self.organisation, Academie):
            form.instance.origin = ServiceOrigin.ACADEMIQUE
            form.instance.academie = self.organisation
        else:
            form.instance.origin = ServiceOrigin.COLLECTIVITE
            form.instance.collectivite = self.organisation
        response = super().form_valid(form)
        messages.success(self.request, f"« {self.object} » est proposé aux établissements.")
        return response


class TerritoryServiceUpdateView(TerritoryServiceFormMixin, UpdateView):
    def get_queryset(self):
        return self.catalogue()

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"« {self.object} » a été modifié.")
        return response


class TerritoryRequestsView(TerritoryServicesMixin, SingleTableMixin, TemplateView):
    """All requests of the territory's schools; first those waiting for the viewer."""

    template_name = "catalogue/territory_requests.html"
    table_class = TerritoryRequestTable
    table_pagination = {"per_page": 50}

    def requests(self):
        return ValidationRequest.objects.filter(
            school__in=self.organisation.schools.all()
        ).select_related("school", "requested_by")

    def own_authority(self) -> str | None:
        """The opinion this person gives here: the RSSI for the académie, the collectivité's
        manager for the collectivité."""
        expected = (
            Authority.ACADEMIE
            if isinstance(self.organisation, Academie)
            else (Authority.COLLECTIVITE)
        )
        return expected if expected in workflow.authorities_of(self.capabilities) else None

    def get_table_data(self):
        return self.requests().order_by("-requested_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        authority = self.own_authority()
        context["authority"] = Authority(authority).label if authority else None
        context["awaiting"] = (
            list(self.requests().awaiting(authority).order_by("due_date")) if authority else []
        )
        context["pending_count"] = self.requests().pending().count()
        context["overdue_count"] = self.requests().overdue().count()
        context["statuses"] = RequestStatus
        return context
