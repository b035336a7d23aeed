"""A territory's pages: its overview, the table of its schools, the export of that table.

They read what the worker stored (:mod:`pilote.core.territory`), never measure schools
during the request: a handful of queries whatever the number of schools, and pages of at
most :data:`PAGE_SIZE` schools, so the HTML stays small at 7,000 schools.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, FloatField, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.generic import TemplateView, View
from tablib import Dataset

from . import table_columns
from .charts import spark_bars
from .choices import Domain, SchoolType
from .files import escape_formula
from .jobs import job_task
from .metrics import Status, format_value, registry
from .mixins import TerritoryMixin
from .models import Academie, Collectivite, SchoolIndicators, TerritorySummary
from .territory import bin_labels, refresh_schools, summarise
from .views import visible_domains

PAGE_SIZE = 50
FIRST_SCHOOLS = 10
MAX_COLUMNS = 8
DEFAULT_COLUMNS = [
    "parc.conformite_socle",
    "parc.hors_duree_de_vie",
    "usages.activation_eleves",
    "pix.certifies",
    "securite.maturite",
    "assistance.hors_delai",
]
STATE_FILTERS = {
    "alerte": ("Au moins un indicateur en alerte", Q(stored_indicators__alerts__gt=0)),
    "surveiller": (
        "À surveiller, sans alerte",
        Q(stored_indicators__alerts=0, stored_indicators__watches__gt=0),
    ),
    "conforme": (
        "Ni alerte ni point à surveiller",
        Q(stored_indicators__alerts=0, stored_indicators__watches=0),
    ),
    "non_mesure": ("Pas encore mesuré", Q(stored_indicators__isnull=True)),
}


def columns_key(kind: str, code: str) -> str:
    """The key of a person's choice of indicators for this territory's table of schools
    (:class:`~pilote.core.models.TableColumns`): one choice per territory."""
    return f"territory:{kind}:{code}"


class TerritoryBase(TerritoryMixin):
    domain = Domain.PILOTAGE

    def visible_indicators(self):
        return registry.indicators(visible_domains(self.capabilities))

    def territory_url(self, name: str) -> str:
        return reverse(name, kwargs={"kind": self.kind, "code": self.organisation.code})


class TerritoryHomeView(TerritoryBase, TemplateView):
    """Per domain, each indicator's distribution across the schools; the schools to look at
    first (most indicators in alert)."""

    template_name = "core/territory.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        field = "academie" if isinstance(self.organisation, Academie) else "collectivite"
        summary = TerritorySummary.objects.filter(**{field: self.organisation}).first()
        stats = summary.stats if summary else {}
        domains: dict[str, list] = {}
        for indicator in self.visible_indicators():
            stat = stats.get(indicator.code)
            if stat is None:
                continue
            unit = indicator.unit
            row = {
                "indicator": indicator,
                "stat": stat,
                "median": format_value(stat["median"], unit),
                "q1": format_value(stat["q1"], unit),
                "q3": format_value(stat["q3"], unit),
                "range": f"{format_value(stat['min'], unit)} à {format_value(stat['max'], unit)}",
                "chart": spark_bars(
                    stat["bins"],
                    title=f"Répartition : {indicator.label}",
                    description=(
                        f"{stat['count']} établissements mesurés, de "
                        f"{format_value(stat['min'], unit)} à {format_value(stat['max'], unit)}, "
                        f"médiane {format_value(stat['median'], unit)}"
                    ),
                    labels=bin_labels(stat, unit),
                    counted="Établissements",
                ),
            }
            domains.setdefault(indicator.domain, []).append(row)
        first = (
            SchoolIndicators.objects.filter(
                school__in=self.organisation.schools.all(), alerts__gt=0
            )
            .select_related("school")
            .order_by("-alerts", "-watches", "school__name")[:FIRST_SCHOOLS]
        )
        context.update(
            summary=summary,
            domains=[(Domain(d).label, rows) for d, rows in domains.items()],
            first_schools=first,
            schools_url=self.territory_url("core:territory_schools"),
            journal_allowed=self.capabilities.can(Domain.JOURNAL),
        )
        return context


class TerritorySchoolsView(TerritoryBase, TemplateView):
    """The schools, a page at a time: filters, sort on any chosen indicator, saved columns."""

    template_name = "core/territory_schools.html"

    # Set by a refused choice of columns: the page is shown again (400) with the message.
    column_error = ""

    def column_choice(self) -> table_columns.ColumnChoice:
        """The indicators the person chose among those their role lets them see (at most
        :data:`MAX_COLUMNS`), offered by domain."""
        indicators = self.visible_indicators()
        return table_columns.choose(
            [(i.code, i.label) for i in indicators],
            self.request.user,
            columns_key(self.kind, self.organisation.code),
            DEFAULT_COLUMNS,
            error=self.column_error,
            groups=[
                (Domain(d).label, [i.code for i in indicators if i.domain == d])
                for d in visible_domains(self.capabilities)
                if any(i.domain == d for i in indicators)
            ],
            at_most=MAX_COLUMNS,
        )

    def post(self, request, *args, **kwargs):
        """Save the choice of columns (one to :data:`MAX_COLUMNS` indicators the person may
        see), or forget it; a refused form changes nothing and shows the page again (400)."""
        error = table_columns.save_choice(
            request.user,
            columns_key(self.kind, self.organisation.code),
            request.POST,
            [(i.code, i.label) for i in self.visible_indicators()],
            at_least=1,
            at_most=MAX_COLUMNS,
        )
        if error:
            self.column_error = error
            return self.render_to_response(self.get_context_data(**kwargs), status=400)
        messages.success(request, "Colonnes du tableau enregistrées pour vos prochaines visites.")
        return redirect(request.get_full_path())

    def filtered(self):
        params = self.request.GET
        queryset = self.organisation.schools.all()
        applied = {}
        kind = params.get("type", "")
        if kind in SchoolType.values:
            queryset = queryset.filter(type=kind)
            applied["type"] = kind
        commune = params.get("commune", "").strip()[:120]
        if commune:
            queryset = queryset.filter(commune__icontains=commune)
            applied["commune"] = commune
        text = params.get("q", "").strip()[:120]
        if text:
            queryset = queryset.filter(Q(name__icontains=text) | Q(uai__iexact=text))
            applied["q"] = text
        collectivite = params.get("collectivite", "")
        if isinstance(self.organisation, Academie) and collectivite.isdigit():
            queryset = queryset.filter(collectivite_id=int(collectivite))
            applied["collectivite"] = collectivite
        state = params.get("etat", "")
        if state in STATE_FILTERS:
            queryset = queryset.filter(STATE_FILTERS[state][1])
            applied["etat"] = state
        return queryset, applied

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        choice = self.column_choice()
        shown = {option.name for option in choice.options if option.shown}
        columns = [i for i in self.visible_indicators() if i.code in shown]
        queryset, applied = self.filtered()
        codes = {i.code for i in self.visible_indicators()}
        sort = self.request.GET.get("tri", "nom")
        field = sort.lstrip("-")
        descending = sort.startswith("-")
        if field in codes:
            queryset = queryset.annotate(
                sort_value=Cast(KeyTextTransform(field, "stored_indicators__values"), FloatField())
            )
            key = F("sort_value")
        elif field == "alertes":
            key = F("stored_indicators__alerts")
        else:
            sort, field, descending = "nom", "nom", False
            key = F("name")
        ordered = key.desc(nulls_last=True) if descending else key.asc(nulls_last=True)
        queryset = queryset.select_related("stored_indicators", "collectivite").order_by(
            ordered, "name", "pk"
        )
        paginator = Paginator(queryset, PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        rows = []
        for school in page.object_list:
            stored = getattr(school, "stored_indicators", None)
            values = stored.values if stored else {}
            statuses = stored.statuses if stored else {}
            cells = [
                {
                    "text": format_value(values.get(i.code), i.unit),
                    "status": statuses.get(i.code, Status.NONE.value),
                }
                for i in columns
            ]
            rows.append({"school": school, "stored": stored, "cells": cells})
        query = urlencode(applied)

        def sort_link(name: str) -> str:
            target = f"-{name}" if sort == name else name
            return "?" + urlencode({**applied, "tri": target})

        context.update(
            columns=[
                {
                    "indicator": i,
                    "link": sort_link(i.code),
                    "sorted": "ascending"
                    if sort == i.code
                    else ("descending" if sort == f"-{i.code}" else ""),
                }
                for i in columns
            ],
            column_choice=choice,
            rows=rows,
            page_obj=page,
            paginator=paginator,
            applied=applied,
            query=query,
            sort=sort,
            name_link=sort_link("nom"),
            alerts_link=sort_link("alertes"),
            type_choices=SchoolType.choices,
            state_choices=[(k, label) for k, (label, _) in STATE_FILTERS.items()],
            collectivites=Collectivite.objects.filter(
                pk__in=self.organisation.schools.values("collectivite")
            ).order_by("name")
            if isinstance(self.organisation, Academie)
            else [],
            home_url=self.territory_url("core:territory"),
            export_url=self.territory_url("core:territory_export"),
        )
        return context


class TerritoryExportView(TerritoryBase, View):
    """The whole table (every school, every indicator the person may see) as CSV or XLSX,
    made by the worker: at thousands of schools it is not a request's work."""

    def post(self, request, *args, **kwargs):
        file_format = request.POST.get("format", "csv")
        if file_format not in ("csv", "xlsx"):
            return HttpResponse("Format inconnu : choisissez CSV ou XLSX.", status=400)
        return self.run_in_background(
            f"Tableau des établissements — {self.organisation} ({file_format.upper()})",
            export_territory_table,
            domains=visible_domains(self.capabilities),
            file_format=file_format,
        )


def territory_table(organisation, domains) -> Dataset:
    """Every school of the territory, one row each, one column per indicator."""
    indicators = registry.indicators(domains)
    headers = ["UAI", "Établissement", "Type", "Commune", "Collectivité", "Mesuré le"]
    headers += [f"{i.label} ({i.unit.label})" if i.unit.label else i.label for i in indicators]
    dataset = Dataset(headers=headers, title="Établissements")
    schools = (
        organisation.schools.select_related("collectivite", "stored_indicators")
        .order_by("name", "pk")
        .iterator(chunk_size=1000)
    )
    for school in schools:
        stored = getattr(school, "stored_indicators", None)
        values = stored.values if stored else {}
        measured = f"{timezone.localtime(stored.refreshed_at):%d/%m/%Y}" if stored else ""
        row = [
            school.uai,
            school.name,
            school.get_type_display(),
            school.commune,
            str(school.collectivite),
            measured,
        ]
        row += [values.get(i.code) for i in indicators]
        dataset.append([escape_formula(cell) for cell in row])
    return dataset


@job_task
def export_territory_table(job, *, kind: str, code: str, domains, file_format: str) -> None:
    job.report(5, "Lecture des établissements")
    if kind == "academie":
        organisation = Academie.objects.get(code=code)
    else:
        organisation = Collectivite.objects.get(kind=kind, code=code)
    dataset = territory_table(organisation, domains)
    job.report(80, "Écriture du fichier")
    content = dataset.export(file_format)
    if isinstance(content, str):
        content = content.encode("utf-8-sig")
    job.attach(f"etablissements-{kind}-{code}.{file_format}", content, "Le tableau est prêt.")


class TerritoryRefreshView(TerritoryBase, View):
    """Measure the territory's schools now (the worker does it every night anyway)."""

    def post(self, request, *args, **kwargs):
        return self.run_in_background(
            f"Mesure des indicateurs — {self.organisation}",
            refresh_territory_job,
            back=self.territory_url("core:territory"),
        )


@job_task
def refresh_territory_job(job, *, kind: str, code: str, back: str) -> None:
    if kind == "academie":
        organisation = Academie.objects.get(code=code)
    else:
        organisation = Collectivite.objects.get(kind=kind, code=code)
    schools = list(organisation.schools.order_by("pk"))
    step = 200
    for start in range(0, len(schools), step):
        job.report(100 * start // max(len(schools), 1), f"{start} établissements mesurés")
        refresh_schools(schools[start : start + step], summaries=False)
    job.report(95, "Synthèse du territoire")
    field = "academie" if kind == "academie" else "collectivite"
    summarise(organisation, field)
    job.finish_at(back, "Les indicateurs du territoire sont à jour.")
