"""Pages of the « Services » module under /etablissements/<uai>/services/."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from pilote.core.choices import Domain, Level
from pilote.core.files import escape_formula
from pilote.core.generic import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from pilote.core.mixins import InvalidFormIs400, SchoolMixin

from . import perms, workflow
from . import register as rgpd
from .choices import SchoolServiceStatus, ServiceOrigin
from .filtersets import (
    SchoolServiceFilterSet,
    ServiceFilterSet,
    ValidationRequestFilterSet,
)
from .forms import (
    DecisionForm,
    DeclineForm,
    OpinionForm,
    RegisterEntryForm,
    RgpdRegisterForm,
    SchoolServiceForm,
    ServiceForm,
    ValidationRequestForm,
)
from .margin import margin_of
from .models import (
    OPINION_DELAY_DAYS,
    RegisterEntry,
    SchoolService,
    Service,
    ValidationOpinion,
    ValidationRequest,
)
from .tables import CatalogueTable, SchoolServiceTable, ValidationRequestTable
from .tasks import build_register_pdf


class ServicesMixin:
    domain = Domain.SERVICES


def _territory_links(school, capabilities) -> list[tuple[str, str]]:
    """Links to the académie's and the collectivité's pages, for people who hold a role there."""
    links = []
    if perms.reaches_academie_catalogue(capabilities):
        links.append(
            (
                f"Catalogue de l'{school.academie}".replace("l'Académie", "l'académie"),
                reverse(
                    "catalogue_territory:index",
                    kwargs={"kind": "academie", "code": school.academie.code},
                ),
            )
        )
    if perms.reaches_collectivite_catalogue(capabilities):
        links.append(
            (
                f"Catalogue : {school.collectivite}",
                reverse(
                    "catalogue_territory:index",
                    kwargs={"kind": school.collectivite.kind, "code": school.collectivite.code},
                ),
            )
        )
    return links


# ---------------------------------------------------------------- services of the school


class SchoolServiceListView(ServicesMixin, ObjectListView):
    model = SchoolService
    table_class = SchoolServiceTable
    filterset_class = SchoolServiceFilterSet
    template_name = "catalogue/schoolservice_list.html"
    title = "Services numériques de l'établissement"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("school", "service", "referent")
            .order_by("service__name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["territory_links"] = _territory_links(self.school, self.capabilities)
        return context


class SchoolServiceDetailView(ServicesMixin, ObjectDetailView):
    model = SchoolService
    template_name = "catalogue/schoolservice_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("service", "referent")


class SchoolServiceUpdateView(ServicesMixin, ObjectUpdateView):
    model = SchoolService
    form_class = SchoolServiceForm


# ---------------------------------------------------------------- the catalogue offered


def offered_services(school):
    adopted = SchoolService.objects.for_school(school).filter(service=OuterRef("pk"))
    return (
        Service.objects.offered_to(school)
        .select_related("academie", "collectivite")
        .annotate(
            adopted=Exists(adopted.exclude(status=SchoolServiceStatus.RETIRE)),
            adoption_id=adopted.values("pk")[:1],
        )
    )


class CatalogueView(ServicesMixin, ObjectListView):
    model = Service
    table_class = CatalogueTable
    filterset_class = ServiceFilterSet
    template_name = "catalogue/catalogue.html"
    title = "Catalogue des services proposés à l'établissement"

    def get_queryset(self):
        return offered_services(self.school).filter(is_offered=True).order_by("origin", "name")


class ServiceDetailView(ServicesMixin, ObjectDetailView):
    model = Service
    template_name = "catalogue/service_detail.html"

    def get_queryset(self):
        return offered_services(self.school)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_local"] = self.object.origin == ServiceOrigin.LOCAL
        return context


class LocalServiceCreateView(ServicesMixin, ObjectCreateView):
    """A service the school runs itself; it is adopted at once, the referent still to choose."""

    create_title = "Nouveau service propre à l'établissement"
    create_submit = "Ajouter le service"

    model = Service
    form_class = ServiceForm

    def form_valid(self, form):
        form.instance.origin = ServiceOrigin.LOCAL
        form.instance.school = self.school
        with transaction.atomic():
            self.object = form.save()
            adoption = SchoolService.objects.create(
                school=self.school, service=self.object, start_date=timezone.localdate()
            )
        messages.success(self.request, f"« {self.object} » est ajouté : désignez son référent.")
        return redirect("catalogue:schoolservice_edit", uai=self.school.uai, pk=adoption.pk)


class LocalServiceUpdateView(ServicesMixin, ObjectUpdateView):
    model = Service
    form_class = ServiceForm

    def get_queryset(self):
        return Service.objects.filter(origin=ServiceOrigin.LOCAL, school=self.school)


class AdoptView(ServicesMixin, SchoolMixin, View):
    """Adopt a service of the catalogue (or take a withdrawn one back into service)."""

    required_level = Level.EDIT

    def post(self, request, uai, pk):
        service = get_object_or_404(
            Service.objects.offered_to(self.school).filter(is_offered=True), pk=pk
        )
        adoption, created = SchoolService.objects.get_or_create(
            school=self.school,
            service=service,
            defaults={"start_date": timezone.localdate()},
        )
        if not created and adoption.status == SchoolServiceStatus.RETIRE:
            adoption.status = SchoolServiceStatus.EN_SERVICE
            adoption.end_date = None
            adoption.save()
        messages.success(request, f"« {service} » est adopté : désignez son référent.")
        return redirect("catalogue:schoolservice_edit", uai=self.school.uai, pk=adoption.pk)


class MarginView(ServicesMixin, SchoolMixin, TemplateView):
    template_name = "catalogue/margin.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["margin"] = margin_of(self.school)
        return context


# ---------------------------------------------------------------- validation requests


def requests_of(school):
    return (
        ValidationRequest.objects.for_school(school)
        .select_related("school", "requested_by", "decided_by", "school_service", "equipment")
        .prefetch_related(
            Prefetch("opinions", queryset=ValidationOpinion.objects.select_related("given_by"))
        )
    )


class RequestListView(ServicesMixin, ObjectListView):
    model = ValidationRequest
    table_class = ValidationRequestTable
    filterset_class = ValidationRequestFilterSet
    template_name = "catalogue/request_list.html"
    title = "Demandes de validation"

    def get_queryset(self):
        return requests_of(self.school)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_ask"] = perms.may_ask(self.capabilities)
        return context


class RequestCreateView(ServicesMixin, ObjectCreateView):
    """Any member of the school asks; the module's edit right is not needed to ask."""

    create_title = "Nouvelle demande de validation d'un service"
    create_submit = "Envoyer la demande"

    model = ValidationRequest
    form_class = ValidationRequestForm
    required_level = Level.VIEW

    def get(self, request, *args, **kwargs):
        self._check_may_ask()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check_may_ask()
        return super().post(request, *args, **kwargs)

    def _check_may_ask(self):
        if not perms.may_ask(self.capabilities):
            raise PermissionDenied("Seul un membre de l'établissement peut déposer une demande.")

    def form_valid(self, form):
        self.object = workflow.ask(
            form,
            school=self.school,
            user=self.request.user,
            capabilities=self.capabilities,
            http_request=self.request,
        )
        messages.success(
            self.request, "Votre demande est enregistrée ; le chef d'établissement est prévenu."
        )
        return redirect(self.object.get_absolute_url())


class RequestDetailView(ServicesMixin, ObjectDetailView):
    model = ValidationRequest
    template_name = "catalogue/request_detail.html"

    def get_queryset(self):
        return requests_of(self.school)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj, caps = self.object, self.capabilities
        context["steer"] = perms.may_steer(caps)
        context["delay_days"] = OPINION_DELAY_DAYS
        context["opinion_authorities"] = [
            a for a in workflow.authorities_of(caps) if obj.opinion_of(a) is None
        ]
        context.setdefault("opinion_form", OpinionForm())
        context.setdefault("decision_form", DecisionForm())
        context.setdefault("decline_form", DeclineForm())
        context["opinions"] = [
            (label, obj.opinion_of(code)) for code, label in workflow.Authority.choices
        ]
        return context


class RequestStepView(RequestDetailView):
    """Base of the workflow actions (POST only): run one step; the wrong person gets a 403,
    the wrong moment or wrong values a 400 with the reason on the request's page."""

    http_method_names = ["post"]
    form_class = None
    context_name = ""

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.form_class(request.POST) if self.form_class else None
        if form is not None and not form.is_valid():
            return self.step_refused(form=form)
        try:
            self.run(form)
        except workflow.StepRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except workflow.StepInvalid as exc:
            return self.step_refused(error=str(exc))
        return redirect(self.object.get_absolute_url())

    def step_refused(self, form=None, error=""):
        """The request's page again (400) with the reason; not ``refuse``, the 403 of a role
        without the capability (which the name once shadowed: a 500 instead of a 403)."""
        context = {"step_error": error}
        if form is not None:
            context[self.context_name] = form
        return self.render_to_response(self.get_context_data(**context), status=400)

    def step_kwargs(self) -> dict:
        return {
            "user": self.request.user,
            "capabilities": self.capabilities,
            "http_request": self.request,
        }

    def run(self, form) -> None:
        raise NotImplementedError


class RequestSubmitView(RequestStepView):
    def run(self, form):
        workflow.submit(self.object, **self.step_kwargs())
        messages.success(self.request, "Demande soumise à l'académie et à la collectivité.")


class RequestDeclineView(RequestStepView):
    form_class = DeclineForm
    context_name = "decline_form"

    def run(self, form):
        workflow.decline(self.object, form.cleaned_data["comment"], **self.step_kwargs())
        messages.success(self.request, "La demande n'est pas transmise ; le demandeur est prévenu.")


class OpinionView(RequestStepView):
    form_class = OpinionForm
    context_name = "opinion_form"

    def post(self, request, *args, **kwargs):
        # The request first: another school's id is not found (404) before any other answer.
        self.get_object()
        if not workflow.authorities_of(self.capabilities):
            raise PermissionDenied("Seuls le RSSI académique et la collectivité rendent un avis.")
        return super().post(request, *args, **kwargs)

    def run(self, form):
        authority = self.request.POST.get("authority", "")
        if authority not in workflow.authorities_of(self.capabilities):
            raise workflow.StepRefused("Cet avis ne vous revient pas.")
        workflow.give_opinion(self.object, authority, form, **self.step_kwargs())
        messages.success(self.request, "Votre avis est enregistré.")


class RequestDecideView(RequestStepView):
    form_class = DecisionForm
    context_name = "decision_form"

    def run(self, form):
        approve = form.cleaned_data["decision"] == DecisionForm.APPROVE
        workflow.decide(self.object, approve, form.cleaned_data["comment"], **self.step_kwargs())
        messages.success(
            self.request, f"Décision enregistrée : {self.object.get_status_display()}."
        )


# ---------------------------------------------------------------- RGPD register


class RegisterView(ServicesMixin, SchoolMixin, TemplateView):
    template_name = "catalogue/register.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(rgpd.register_context(self.school))
        context["can_edit"] = self.capabilities.can(Domain.SERVICES, Level.EDIT)
        context["can_manage"] = self.capabilities.can(Domain.SERVICES, Level.MANAGE)
        return context


class RegisterHeaderView(ServicesMixin, SchoolMixin, InvalidFormIs400, FormView):
    """The register's header names the controller — the head edits it."""

    template_name = "catalogue/register_header.html"
    form_class = RgpdRegisterForm
    required_level = Level.MANAGE

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = rgpd.header_of(self.school)
        return kwargs

    def form_valid(self, form):
        form.instance.school = self.school
        form.save()
        messages.success(self.request, "L'en-tête du registre est enregistré.")
        return redirect("catalogue:registerentry_list", uai=self.school.uai)


class RegisterGenerateView(ServicesMixin, SchoolMixin, View):
    required_level = Level.EDIT

    def post(self, request, uai):
        created = rgpd.generate_entries(self.school)
        if created:
            messages.success(request, f"{len(created)} fiche(s) créée(s) depuis les services.")
        else:
            messages.info(request, "Chaque service qui traite des données a déjà sa fiche.")
        return redirect("catalogue:registerentry_list", uai=self.school.uai)


class RegisterEntryMixin(ServicesMixin):
    model = RegisterEntry
    url_prefix = "registerentry"

    def get_queryset(self):
        return super().get_queryset().select_related("school_service__service")


class RegisterEntryDetailView(RegisterEntryMixin, ObjectDetailView):
    template_name = "catalogue/registerentry_detail.html"

    def get_context_data(self, **kwargs):
        """A fiche without its own controller shows the register header's."""
        return {**super().get_context_data(**kwargs), "header": rgpd.header_of(self.school)}


class RegisterEntryCreateView(RegisterEntryMixin, ObjectCreateView):
    create_title = "Nouveau traitement du registre"
    create_submit = "Ajouter au registre"
    form_class = RegisterEntryForm


class RegisterEntryUpdateView(RegisterEntryMixin, ObjectUpdateView):
    form_class = RegisterEntryForm


class RegisterEntryDeleteView(RegisterEntryMixin, ObjectDeleteView):
    pass


class RegisterPdfView(ServicesMixin, SchoolMixin, View):
    """The register's PDF takes seconds for a full register: the worker makes it, the person
    follows its progress on the job's page and downloads it there."""

    def post(self, request, uai):
        return self.run_in_background(
            f"Registre des traitements — {self.school.name} (PDF)",
            build_register_pdf,
            school_id=self.school.pk,
        )


class RegisterCsvView(ServicesMixin, SchoolMixin, View):
    def get(self, request, uai):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="registre-traitements-{self.school.uai}.csv"'
        )
        response.write("\ufeff")
        writer = rgpd.csv_writer(response)
        for row in rgpd.csv_rows(self.school):
            writer.writerow([escape_formula(cell) for cell in row])
        return response
