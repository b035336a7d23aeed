"""The territory's side of the bilan: the bilans its schools' heads shared with it, and its own
bilan of all its schools' indicators (per indicator: quartiles, median, targets met).

A collectivité sees the bilans shared « avec la collectivité » by the schools attached to it;
an académie those shared « avec l'académie ». The territory's bilan reads the indicator history
of every school on the last day of the school year (today while it runs), in grouped queries.
"""

from dataclasses import dataclass
from functools import cached_property

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView, View

from pilote.core.choices import Domain
from pilote.core.metrics import Indicator, Status, format_value, registry
from pilote.core.mixins import TerritoryMixin
from pilote.core.models import Academie, Collectivite
from pilote.core.pdf import render_pdf
from pilote.core.schoolyear import school_year_label
from pilote.core.territory import distribution
from pilote.core.uploads import attachment_response

from .facts import SECTIONS, BilanRefused, year_bounds
from .forms import TerritoryBilanForm, default_year
from .models import SharedBilan

# Schools measured together: bounded memory at 7,000 schools.
CHUNK = 500


def organisation_of(kind: str, code: str):
    if kind == "academie":
        return Academie.objects.get(code=code)
    return Collectivite.objects.get(kind=kind, code=code)


def shared_with(organisation):
    """The bilans shared with this territory, with their document ready."""
    shares = SharedBilan.objects.filter(school__in=organisation.schools.all()).exclude(document="")
    if isinstance(organisation, Academie):
        shares = shares.filter(with_academie=True)
    else:
        shares = shares.filter(with_collectivite=True)
    return shares.select_related("school").order_by("-start_year", "school__name")


@dataclass
class Distribution:
    """One indicator over the territory's schools: quartiles as the territory pages give
    them (:func:`pilote.core.territory.distribution`), and the schools' own targets met."""

    indicator: Indicator
    values: list[float]
    with_target: int
    meeting_target: int

    @cached_property
    def stats(self) -> dict:
        return distribution(self.values) if self.values else {}

    @property
    def count(self) -> int:
        return len(self.values)

    def _text(self, key: str) -> str:
        value = self.stats.get(key)
        return format_value(None if value is None else round(value, 1), self.indicator.unit)

    @property
    def lowest(self) -> str:
        return self._text("min")

    @property
    def q1(self) -> str:
        return self._text("q1")

    @property
    def median(self) -> str:
        return self._text("median")

    @property
    def q3(self) -> str:
        return self._text("q3")

    @property
    def highest(self) -> str:
        return self._text("max")


def distributions(schools: list, day, job=None) -> list[tuple[str, list[Distribution]]]:
    """Per domain (in the bilan's order), each indicator's distribution over ``schools``."""
    indicators = registry.indicators()
    values = {i.code: [] for i in indicators}
    targets = {i.code: [0, 0] for i in indicators}
    for start in range(0, len(schools), CHUNK):
        chunk = schools[start : start + CHUNK]
        for measures in registry.measure(chunk, at=day).values():
            for measure in measures:
                code = measure.indicator.code
                if measure.value is not None:
                    values[code].append(float(measure.value))
                if measure.target is not None:
                    targets[code][0] += 1
                    targets[code][1] += measure.status == Status.OK
        if job is not None:
            job.report(10 + 60 * (start + len(chunk)) // max(len(schools), 1), "Indicateurs")
    titles = dict(SECTIONS)
    order = [domain for domain, _ in SECTIONS]
    order += [i.domain for i in indicators if i.domain not in titles and i.domain not in order]
    grouped = []
    for domain in order:
        rows = [
            Distribution(i, values[i.code], *targets[i.code])
            for i in indicators
            if i.domain == domain
        ]
        if rows:
            grouped.append((titles.get(domain) or Domain(domain).label, rows))
    return grouped


def build_territory_pdf(organisation, start_year: int, job=None) -> tuple[bytes, str]:
    _start, end = year_bounds(start_year)
    schools = list(organisation.schools.select_related("academie").order_by("pk"))
    groups = distributions(schools, end, job=job)
    if job is not None:
        job.report(75, "Mise en page")
    label = school_year_label(start_year)
    pdf = render_pdf(
        "pilotage/bilan/territory_pdf.html",
        {
            "organisation": organisation,
            "year_label": label,
            "day": end,
            "schools_count": len(schools),
            "groups": groups,
            "printed_on": timezone.localdate(),
            "shared": list(shared_with(organisation).filter(start_year=start_year)),
        },
    )
    code = organisation.code
    return pdf, f"bilan-numerique-territoire-{code}-{label}.pdf"


class TerritoryBilanMixin(TerritoryMixin):
    domain = Domain.PROJET


class TerritoryBilansView(TerritoryBilanMixin, TemplateView):
    """The shared bilans of the territory's schools, and its own bilan of all of them."""

    template_name = "pilotage/bilan/territory.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["shares"] = shared_with(self.organisation)
        context.setdefault("form", TerritoryBilanForm(initial={"annee": default_year()}))
        context["schools_count"] = self.organisation.schools.count()
        return context


class TerritoryBilanFileView(TerritoryBilanMixin, View):
    """A shared bilan's PDF; a bilan not shared with this territory is « introuvable »."""

    def get(self, request, *args, **kwargs):
        shared = get_object_or_404(shared_with(self.organisation), pk=kwargs["pk"])
        if not shared.document:
            raise Http404("Document introuvable.")
        return attachment_response(
            shared.document, f"bilan-numerique-{shared.school.uai}-{shared.year_label}.pdf"
        )


class TerritoryBilanJobView(TerritoryBilansView):
    """POST: the territory's bilan of a school year, built by the worker."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        from .tasks import build_territory_bilan

        form = TerritoryBilanForm(request.POST)
        if form.is_valid():
            try:
                year_bounds(form.cleaned_data["annee"])
            except BilanRefused as exc:
                form.add_error("annee", str(exc))
        if not form.is_valid():
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 400
            return response
        year = form.cleaned_data["annee"]
        return self.run_in_background(
            f"Bilan du numérique {school_year_label(year)} — {self.organisation} (PDF)",
            build_territory_bilan,
            start_year=year,
        )
