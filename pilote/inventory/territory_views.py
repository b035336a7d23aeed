"""Territorial pages of the Parc: schools side by side on the socle, and its adaptation.

The collectivité compares its schools on the socle that applies to each (its own adapted
version); its gestionnaire records the changes to the national socle from here.
"""

import csv
from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DeleteView, FormView, TemplateView, View

from pilote.core.choices import Domain, Level
from pilote.core.files import escape_formula
from pilote.core.jobs import job_task
from pilote.core.mixins import InvalidFormIs400, TerritoryMixin
from pilote.core.models import Academie, Collectivite

from . import fleet
from .choices import SocleVariant
from .forms import SocleAdaptationForm
from .models import Equipment, SocleAdaptation
from .socle import Outcome, compliance, national_socle, variant_for


class ParcTerritoryMixin(TerritoryMixin):
    domain = Domain.PARC

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_collectivite"] = isinstance(self.organisation, Collectivite)
        context["can_adapt"] = context["is_collectivite"] and self.capabilities.can(
            Domain.PARC, Level.MANAGE
        )
        return context


def side_by_side(schools) -> list[dict]:
    """One table per socle variant: its items as columns, one row per school."""
    reports = compliance(schools)
    tables = {}
    for school in schools:
        report = reports[school.pk]
        table = tables.setdefault(
            variant_for(school), {"variant": variant_for(school), "items": {}, "rows": []}
        )
        for result in report.results:
            table["items"].setdefault(result.item.id, result.item)
        table["rows"].append((school, report))
    for table in tables.values():
        table["variant_label"] = SocleVariant(table["variant"]).label
        table["items"] = list(table["items"].values())
        table["rows"] = [
            (school, report, [results.get(item.id) for item in table["items"]])
            for school, report, results in (
                (school, report, report.by_id()) for school, report in table["rows"]
            )
        ]
    return list(tables.values())


class TerritoryComplianceView(ParcTerritoryMixin, TemplateView):
    template_name = "inventory/territory_compliance.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tables"] = side_by_side(list(self.territory_schools()))
        context["outcome"] = Outcome
        return context


class TerritoryRenewalsView(ParcTerritoryMixin, TemplateView):
    """The collectivité's question: how many devices to renew each year across all its
    schools, and at what known cost; the schools with the most devices due this year."""

    template_name = "inventory/territory_renewals.html"

    def get_context_data(self, **kwargs):
        from .models import beyond_lifetime_q
        from .views import renewal_plan, renewals_chart

        context = super().get_context_data(**kwargs)
        equipment = Equipment.objects.filter(school__in=self.organisation.schools.all())
        renewals = renewal_plan(equipment)
        if any(r["count"] for r in renewals):
            context["renewals_svg"] = renewals_chart(renewals)
        context["renewals"] = renewals
        context["total"] = {
            "count": sum(r["count"] for r in renewals),
            "cost": sum(r["cost"] for r in renewals),
            "costed": sum(r["costed"] for r in renewals),
        }
        due = beyond_lifetime_q(date(timezone.localdate().year, 12, 31))
        context["schools_due"] = (
            equipment.in_fleet()
            .filter(due)
            .values("school__uai", "school__name", "school__commune")
            .annotate(count=Count("pk"), cost=Sum("cost"))
            .order_by("-count", "school__name")[:SCHOOLS_DUE]
        )
        return context


SCHOOLS_DUE = 20


class TerritoryComplianceCsvView(ParcTerritoryMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="socle-{self.kind}-{self.organisation.code}.csv"'
        )
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(["UAI", "Établissement", "Socle", "Élément", "Résultat", "Constat"])
        for table in side_by_side(list(self.territory_schools())):
            for school, _report, results in table["rows"]:
                for result in results:
                    if result is None:
                        continue
                    cells = [
                        school.uai,
                        school.name,
                        table["variant_label"],
                        result.item.label,
                        result.outcome_label,
                        result.found,
                    ]
                    writer.writerow([escape_formula(str(cell)) for cell in cells])
        return response


class AdaptationMixin(ParcTerritoryMixin):
    """Adaptations belong to a collectivité: an académie has no page here."""

    write_level = Level.MANAGE

    def resolve_organisation(self, **kwargs) -> None:
        super().resolve_organisation(**kwargs)
        if not isinstance(self.organisation, Collectivite):
            raise Http404("Le socle s'adapte au niveau d'une collectivité.")

    def list_url(self) -> str:
        return reverse(
            "inventory_territory:adaptations",
            kwargs={"kind": self.kind, "code": self.organisation.code},
        )


class AdaptationListView(AdaptationMixin, TemplateView):
    template_name = "inventory/adaptations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["adaptations"] = SocleAdaptation.objects.filter(
            collectivite=self.organisation
        ).select_related("updated_by")
        context["socles"] = [national_socle(v) for v in SocleVariant.values]
        return context


class AdaptationFormMixin(InvalidFormIs400, AdaptationMixin):
    template_name = "inventory/adaptation_form.html"
    form_class = SocleAdaptationForm
    required_level = Level.MANAGE

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["collectivite"] = self.organisation
        kwargs["national_ids"] = {
            v: {item.id for item in national_socle(v).items} for v in SocleVariant.values
        }
        return kwargs

    def form_valid(self, form):
        adaptation = form.save(commit=False)
        adaptation.updated_by = self.request.user
        adaptation.save()
        messages.success(self.request, f"Adaptation enregistrée : {adaptation}.")
        return redirect(self.list_url())


class AdaptationCreateView(AdaptationFormMixin, FormView):
    pass


class AdaptationUpdateView(AdaptationFormMixin, FormView):
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = get_object_or_404(
            SocleAdaptation, pk=self.kwargs["pk"], collectivite=self.organisation
        )
        return kwargs


class AdaptationDeleteView(AdaptationMixin, DeleteView):
    template_name = "inventory/adaptation_confirm_delete.html"
    required_level = Level.MANAGE

    def get_object(self, queryset=None):
        return get_object_or_404(
            SocleAdaptation, pk=self.kwargs["pk"], collectivite=self.organisation
        )

    def get_success_url(self):
        messages.success(self.request, "Adaptation supprimée : l'élément national s'applique.")
        return self.list_url()


class TerritoryFleetView(ParcTerritoryMixin, TemplateView):
    """The collectivité's question: how homogeneous is the fleet it maintains — models,
    operating systems, ages — overall and school by school (least homogeneous first)."""

    template_name = "inventory/territory_fleet.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        schools = self.organisation.schools.all()
        context["fleet"] = fleet.homogeneity(schools)
        devices = (
            fleet.computers(schools)
            .filter(school=OuterRef("pk"))
            .order_by()
            .values("school")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        ranked = schools.annotate(computers=Coalesce(Subquery(devices), 0)).order_by(
            "-computers", "name"
        )
        page = Paginator(ranked, PAGE_SIZE).get_page(self.request.GET.get("page"))
        figures = fleet.per_school([school.pk for school in page.object_list])
        context.update(
            page_obj=page,
            rows=[(school, figures.get(school.pk)) for school in page.object_list],
        )
        return context


PAGE_SIZE = 50


class TerritorySurveyView(ParcTerritoryMixin, TemplateView):
    """The yearly equipment survey (ETIC shape) of all the territory's schools, as CSV or
    XLSX, made by the worker: at hundreds of schools it is not a request's work."""

    template_name = "inventory/territory_survey.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["headers"] = fleet.SURVEY_HEADERS
        context["school_count"] = self.organisation.schools.count()
        return context

    def post(self, request, *args, **kwargs):
        file_format = request.POST.get("format", "")
        if file_format not in ("csv", "xlsx"):
            context = self.get_context_data(**kwargs)
            context["format_error"] = "Format inconnu : choisissez CSV ou XLSX."
            return self.render_to_response(context, status=400)
        return self.run_in_background(
            f"Enquête d'équipement — {self.organisation} ({file_format.upper()})",
            export_survey,
            file_format=file_format,
        )


@job_task
def export_survey(job, *, kind: str, code: str, file_format: str) -> None:
    job.report(5, "Comptage des équipements")
    if kind == "academie":
        organisation = Academie.objects.get(code=code)
    else:
        organisation = Collectivite.objects.get(kind=kind, code=code)
    dataset = fleet.survey_dataset(organisation)
    job.report(80, "Écriture du fichier")
    content = dataset.export(file_format)
    if isinstance(content, str):
        content = content.encode("utf-8-sig")
    year = timezone.localdate().year
    job.attach(
        f"enquete-equipement-{year}-{kind}-{code}.{file_format}",
        content,
        "L'enquête est prête.",
    )
