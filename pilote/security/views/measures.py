"""The security measures checklist and the maturity score per D-I-C-T notion."""

from functools import lru_cache

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView, UpdateView

from pilote.core.charts import bar_chart
from pilote.core.choices import Level
from pilote.core.mixins import InvalidFormIs400

from ..choices import MeasureSource, Notion
from ..forms import SchoolMeasureForm
from ..maturity import OVERALL, maturity_of
from ..models import SchoolMeasure, SecurityMeasure
from .common import SecurityMixin


def maturity_rows(scores) -> list[tuple[str, float | None]]:
    return [(Notion(n).label, scores[n]) for n in Notion.values]


def maturity_chart(rows) -> str | None:
    if all(value is None for _, value in rows):
        return None
    return _chart(tuple((label, value or 0) for label, value in rows))


@lru_cache(maxsize=512)
def _chart(rows: tuple[tuple[str, float], ...]) -> str:
    """Drawing takes longer than the rest of the page: the same scores give the same SVG."""
    return bar_chart(
        [label for label, _ in rows],
        {"Maturité (%)": [value for _, value in rows]},
        title="Maturité par notion",
        ylabel="%",
    )


class MeasureChecklistView(SecurityMixin, TemplateView):
    template_name = "security/measure_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        measures = list(SecurityMeasure.objects.applicable_to(self.school))
        answers = {
            a.measure_id: a
            for a in SchoolMeasure.objects.for_school(self.school).select_related("owner")
        }
        groups: dict[str, list] = {}
        for measure in measures:
            groups.setdefault(measure.source, []).append((measure, answers.get(measure.pk)))
        scores = maturity_of(self.school)
        rows = maturity_rows(scores)
        context.update(
            groups=[(MeasureSource(source).label, items) for source, items in groups.items()],
            maturity_rows=rows,
            overall=scores[OVERALL],
            chart=maturity_chart(rows),
            assessed=len(answers),
            total=len(measures),
            can_edit=self.capabilities.can(self.domain, Level.EDIT),
        )
        return context


class MeasureEditView(InvalidFormIs400, SecurityMixin, UpdateView):
    template_name = "security/measure_form.html"
    form_class = SchoolMeasureForm
    required_level = Level.EDIT

    def get_object(self, queryset=None):
        self.measure = get_object_or_404(
            SecurityMeasure.objects.applicable_to(self.school), pk=self.kwargs["pk"]
        )
        answer = SchoolMeasure.objects.for_school(self.school).filter(measure=self.measure).first()
        return answer or SchoolMeasure(school=self.school, measure=self.measure)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school": self.school}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "measure": self.measure}

    def form_valid(self, form):
        form.save()
        messages.success(
            self.request, f"« {self.measure} » : {form.instance.get_status_display()}."
        )
        return HttpResponseRedirect(self.url("measures") + f"#mesure-{self.measure.pk}")
