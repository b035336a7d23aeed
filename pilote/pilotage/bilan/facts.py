"""The facts of the bilan annuel du numérique, gathered once for the PDF and the DOCX.

Every figure of an indicator comes from the recorded history, read through the registry as
``pilote indicateurs --school UAI --at <date> --format json`` reads it: the value on the first
day of the school year and on its last day (today, while the year runs), formatted the French
way from the same JSON value. The other facts are counts from the modules' own records over
the school year (actions of the plan, meetings of the commission, security incidents by
D-I-C-T notion): never a name, except the head's and the RRUPN's.
"""

import math
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from pilote.core import charts
from pilote.core.choices import Domain, Role
from pilote.core.metrics import (
    Indicator,
    Measure,
    Status,
    Unit,
    format_change,
    format_value,
    registry,
)
from pilote.core.models import Membership
from pilote.core.schoolyear import school_year_label, school_year_of

from ..choices import ActionStatus
from ..models import Action
from ..progress import volet_tree
from ..targets import volet_in_force


class BilanRefused(ValueError):
    """The bilan cannot be built (a year not begun, a year before any recording)."""


# The sections of the bilan, in the order of the document: a domain, its heading and what it
# is about. Domains of indicators not listed come after, under their own name.
SECTIONS = [
    (Domain.PARC, "Parc : état des équipements et conformité au socle numérique"),
    (Domain.SERVICES, "Services numériques, demandes de validation et registre RGPD"),
    (Domain.SECURITE, "Sécurité : incidents, mesures et charte des usages"),
    (Domain.USAGES, "Usages de l'ENT et familles accompagnées"),
    (Domain.COMPETENCES, "Compétences numériques : certification Pix et Pix+ Édu"),
    (Domain.RESERVATIONS, "Réservations et prêts"),
    (Domain.DONNEES, "Qualité des données (SIECLE, STS-web)"),
    (Domain.ASSISTANCE, "Assistance"),
    (Domain.MISSIONS, "Missions et délégations"),
    (Domain.CONTINUITE, "Continuité pédagogique"),
    (Domain.COMMISSION, "Commission numérique (indicateurs)"),
    (Domain.PROJET, "Volet numérique et plan d'actions (indicateurs)"),
    (Domain.PILOTAGE, "Comptes des membres"),
]
# Sections with a chart (drawing one and laying it out in the PDF costs close to a second):
# the domains the bilan must show the conseil d'administration; the others give their figures
# in their table only.
CHARTED = {Domain.PARC, Domain.SERVICES, Domain.SECURITE, Domain.USAGES, Domain.COMPETENCES}
# Series drawn on one chart at most.
CHART_SERIES = 5
# Lines of a list (actions done, late…) shown in full; beyond, a count.
LIST_LIMIT = 25


def as_cli_value(measure: Measure):
    """The value exactly as ``pilote indicateurs --format json`` prints it."""
    return measure.as_json()["value"]


@dataclass
class Figure:
    """One indicator at the start and at the end of the school year."""

    indicator: Indicator
    start: Measure
    end: Measure

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def start_value(self):
        return as_cli_value(self.start)

    @property
    def end_value(self):
        return as_cli_value(self.end)

    @property
    def start_text(self) -> str:
        return format_value(self.start_value, self.indicator.unit)

    @property
    def end_text(self) -> str:
        return format_value(self.end_value, self.indicator.unit)

    @property
    def change(self) -> float | None:
        if self.start_value is None or self.end_value is None:
            return None
        return round(float(self.end_value) - float(self.start_value), 1)

    @property
    def change_text(self) -> str:
        return format_change(self.change, self.indicator.unit)

    @property
    def judged(self) -> bool:
        return self.end.target is not None or self.indicator.has_thresholds

    @property
    def direction(self) -> str:
        """« en progrès », « en recul », « stable », or « » when nothing judges it."""
        if self.change is None or not self.judged:
            return ""
        if self.change == 0:
            return "stable"
        better = (self.change > 0) == self.indicator.higher_is_better
        return "en progrès" if better else "en recul"

    @property
    def status_text(self) -> str:
        return self.end.status.label

    @property
    def relative_change(self) -> float:
        if self.change is None:
            return 0.0
        return abs(self.change) / max(abs(float(self.start_value or 0)), 1.0)


@dataclass
class Section:
    domain: str
    title: str
    figures: list[Figure]
    # ``{"labels", "series", "title", "ylabel"}`` of the section's chart, or None.
    chart_spec: dict | None = None
    # (label, value text) lines of facts that are not indicators (counts of records).
    facts: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""

    @cached_property
    def chart(self) -> str:
        """The chart as SVG (for the PDF: its text stays text)."""
        if not self.chart_spec:
            return ""
        spec = self.chart_spec
        svg = charts.line_chart(
            spec["labels"], spec["series"], title=spec["title"], ylabel=spec["ylabel"]
        )
        return own_ids(svg, spec["title"])

    @cached_property
    def chart_png(self) -> bytes | None:
        """The same chart as a PNG image (for the DOCX, which holds no SVG)."""
        if not self.chart_spec:
            return None
        spec = self.chart_spec
        return charts.line_chart_png(
            spec["labels"], spec["series"], title=spec["title"], ylabel=spec["ylabel"]
        )


@dataclass
class TargetLine:
    objective: str
    figure: Figure | None
    label: str
    reference: str
    status: str


@dataclass
class ActionLine:
    title: str
    due: date
    completed: date | None
    status: str


@dataclass
class Bilan:
    school: object
    start_year: int
    start: date
    end: date
    printed_on: date
    head: str
    rrupn: str
    sections: list[Section]
    targets: list[TargetLine]
    volet: object
    actions_done: list[ActionLine]
    actions_late: list[ActionLine]
    actions_abandoned: list[ActionLine]
    commission: dict
    incidents: dict
    charter: str

    @property
    def label(self) -> str:
        return school_year_label(self.start_year)

    @property
    def title(self) -> str:
        return f"Bilan annuel du numérique {self.label}"

    @property
    def period_text(self) -> str:
        return f"du {french_date(self.start)} au {french_date(self.end)}"

    @property
    def figures(self) -> list[Figure]:
        return [figure for section in self.sections for figure in section.figures]

    @property
    def improved(self) -> list[Figure]:
        found = [f for f in self.figures if f.direction == "en progrès"]
        return sorted(found, key=lambda f: -f.relative_change)

    @property
    def declined(self) -> list[Figure]:
        found = [f for f in self.figures if f.direction == "en recul"]
        return sorted(found, key=lambda f: -f.relative_change)

    @property
    def alerts(self) -> list[Figure]:
        return [f for f in self.figures if f.end.status == Status.ALERT]

    @property
    def targets_met(self) -> int:
        return sum(line.status == Status.OK.label for line in self.targets)

    def filename(self, extension: str) -> str:
        return f"bilan-numerique-{self.school.uai}-{self.label}.{extension}"


def french_date(day: date) -> str:
    return date_format(day, "j F Y")


def year_bounds(start_year: int, today: date | None = None) -> tuple[date, date]:
    """The first day of the school year and its last day — today while it runs."""
    today = today or timezone.localdate()
    start = date(start_year, 9, 1)
    if start > today:
        raise BilanRefused(
            f"L'année scolaire {school_year_label(start_year)} n'a pas commencé : "
            "il n'y a rien à en dire."
        )
    return start, min(date(start_year + 1, 8, 31), today)


def check_history(school, start_year: int, today: date | None = None) -> tuple[date, date]:
    """The year's bounds, if the history holds something for that year; refused otherwise."""
    from ..models import IndicatorRecord

    start, end = year_bounds(start_year, today)
    if not IndicatorRecord.objects.for_school(school).filter(day__lte=end).exists():
        raise BilanRefused(
            f"Aucun relevé des indicateurs de {school.name} ne date de l'année scolaire "
            f"{school_year_label(start_year)} ou d'avant : le bilan n'aurait aucun chiffre."
        )
    return start, end


def parse_year(text: str) -> int:
    """« 2025-2026 » (or « 2025 ») → 2025; a French message otherwise."""
    text = (text or "").strip()
    parts = text.split("-")
    try:
        first = int(parts[0])
        if len(parts) == 2 and int(parts[1]) != first + 1:
            raise ValueError
        if len(parts) > 2 or not 2000 <= first <= 2100:
            raise ValueError
    except ValueError:
        raise BilanRefused(
            f"Année scolaire invalide : « {text} » (attendu par exemple « 2025-2026 »)."
        ) from None
    return first


def available_years(today: date | None = None) -> list[int]:
    """The school years a bilan can be asked for: the current one and the four before."""
    current = school_year_of(today or timezone.localdate())
    return [current - n for n in range(5)]


def person_of_role(school, role: str, on: date) -> str:
    """Who held the role at the end of the year, else who holds it today."""
    memberships = Membership.objects.filter(school=school, role=role).select_related("user")
    membership = (
        memberships.active(on).order_by("start_date", "pk").first()
        or memberships.active().order_by("start_date", "pk").first()
    )
    return str(membership.user) if membership else "non désigné"


def month_starts(start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:
        days.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    if days[-1] != end:
        days.append(end)
    return days


def section_chart(title: str, figures: list[Figure], monthly: dict[date, dict]) -> dict | None:
    """The section's rates (or else its counts) month by month, from the history."""
    if not figures:
        return None
    by_unit: dict[str, list[Figure]] = {}
    for figure in figures:
        by_unit.setdefault(figure.indicator.unit, []).append(figure)
    unit = Unit.PERCENT if Unit.PERCENT in by_unit else max(by_unit, key=lambda u: len(by_unit[u]))
    chosen = by_unit[unit][:CHART_SERIES]
    days = sorted(monthly)
    series = {}
    for figure in chosen:
        values = [monthly[day].get(figure.code) for day in days]
        if all(value is None for value in values):
            continue
        series[figure.indicator.label] = [math.nan if v is None else float(v) for v in values]
    if not series:
        return None
    labels = [
        f"{day:%d/%m/%Y}" if day == days[-1] else f"{charts.MONTHS[day.month - 1]} {day.year}"
        for day in days
    ]
    ylabel = "%" if unit == Unit.PERCENT else Unit(unit).label
    return {"labels": labels, "series": series, "title": title, "ylabel": ylabel}


def draw_charts(bilan, extension: str = "pdf", progress=None) -> None:
    """Draw the bilan's charts now (SVG for a PDF, PNG for a DOCX), reporting progress."""
    charted = [section for section in bilan.sections if section.chart_spec]
    for index, section in enumerate(charted, start=1):
        _ = section.chart_png if extension == "docx" else section.chart
        if progress:
            progress(index, len(charted))


def own_ids(svg: str, title: str) -> str:
    """matplotlib names the parts of every figure alike (``text_17``, clip paths): several
    charts in one document need their own names, or one chart's clip path cuts another."""
    prefix = f"c{zlib.crc32(title.encode()):x}-"
    return (
        svg.replace('id="', f'id="{prefix}')
        .replace('href="#', f'href="#{prefix}')
        .replace("url(#", f"url(#{prefix}")
    )


def build_sections(school, start: date, end: date, *, with_charts: bool) -> list[Section]:
    starts = {m.indicator.code: m for m in registry.measure_school(school, at=start, trends=True)}
    ends = {m.indicator.code: m for m in registry.measure_school(school, at=end, trends=True)}
    figures_by_domain: dict[str, list[Figure]] = {}
    for indicator in registry.indicators():
        figure = Figure(indicator, starts[indicator.code], ends[indicator.code])
        figures_by_domain.setdefault(indicator.domain, []).append(figure)
    monthly = {}
    if with_charts:
        codes = [indicator.code for indicator in registry.indicators()]
        for day in month_starts(start, end):
            monthly[day] = registry.history.values_at([school], codes, day).get(school.pk, {})
    titles = dict(SECTIONS)
    order = [domain for domain, _ in SECTIONS] + [
        domain for domain in figures_by_domain if domain not in titles
    ]
    sections = []
    for domain in order:
        figures = figures_by_domain.get(domain, [])
        if not figures:
            continue
        spec = None
        if with_charts and domain in CHARTED:
            spec = section_chart(Domain(domain).label, figures, monthly)
        sections.append(Section(domain, titles.get(domain) or Domain(domain).label, figures, spec))
    return sections


def target_lines(school, end: date, figures: dict[str, Figure]):
    volet = volet_in_force(school, end)
    if volet is None:
        return None, []
    lines = []
    for axis in volet_tree(volet):
        for objective in axis.objectives.all():
            name = f"{axis.order}.{objective.order} {objective.title}"
            for target in objective.targets.all():
                figure = figures.get(target.code)
                if figure is None:  # an indicator since removed from Pilote
                    lines.append(TargetLine(name, None, target.code, target.describe(), "—"))
                    continue
                judged = Measure(
                    figure.indicator,
                    figure.end.value,
                    target=target.as_school_target(draft=volet.is_draft),
                    on=end,
                )
                lines.append(
                    TargetLine(
                        name,
                        figure,
                        figure.indicator.label,
                        judged.reference_text,
                        judged.status.label,
                    )
                )
    return volet, lines


def action_lines(queryset) -> list[ActionLine]:
    return [
        ActionLine(a.title, a.due_date, a.completed_on, a.get_status_display())
        for a in queryset.order_by("due_date", "pk")
    ]


def action_facts(school, start: date, end: date) -> dict:
    """Done during the year; late at its end (due within it, not done by then); abandoned."""
    actions = Action.objects.for_school(school)
    done = actions.filter(status=ActionStatus.DONE, completed_on__range=(start, end))
    late = actions.filter(due_date__gte=start, due_date__lt=end).filter(
        Q(status__in=ActionStatus.open_values()) | Q(status=ActionStatus.DONE, completed_on__gt=end)
    )
    abandoned = actions.filter(status=ActionStatus.ABANDONED).filter(
        Q(due_date__range=(start, end)) | Q(created_at__date__range=(start, end))
    )
    return {
        "actions_done": action_lines(done),
        "actions_late": action_lines(late),
        "actions_abandoned": action_lines(abandoned),
    }


def commission_facts(school, start: date, end: date) -> dict:
    """Meetings of the commission numérique held during the year (as the commission counts
    them: minutes approved, or convened and past), their decisions and what
    became of them (the action of the plan each one created). A meeting whose minutes are
    approved gives its decisions as approved (``Minutes.content``), others their live ones.
    Decision texts only: the members' names stay in the minutes."""
    from django.db.models import Prefetch

    from ..commission.choices import MinutesStatus
    from ..commission.models import Decision, Meeting, Minutes
    from ..commission.status import follow_up_of

    meetings = (
        Meeting.objects.held()
        .for_school(school)
        .filter(starts_at__date__gte=start, starts_at__date__lte=end)
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("action")),
            Prefetch(
                "minutes",
                queryset=Minutes.objects.filter(status=MinutesStatus.APPROVED).order_by("-version"),
                to_attr="approved_minutes",
            ),
        )
        .order_by("starts_at")
    )
    today = timezone.localdate()
    lines = []
    for meeting in meetings:
        live = {d.pk: d for d in meeting.decisions.all()}
        texts = [(d.pk, d.text) for d in live.values()]
        if meeting.approved_minutes:
            content = meeting.approved_minutes[0].content or {}
            texts = [
                (d.get("id"), d.get("text", ""))
                for item in content.get("items", [])
                for d in item.get("decisions", [])
            ]
        decisions = []
        for pk, text in texts:
            decision = live.get(pk)
            outcome = ""
            if decision is not None:
                follow_up = follow_up_of(decision, today)
                detail = f" ({follow_up.detail})" if follow_up.detail else ""
                outcome = follow_up.state + detail
            decisions.append({"text": text, "outcome": outcome})
        lines.append({"day": timezone.localtime(meeting.starts_at).date(), "decisions": decisions})
    return {
        "meetings": lines,
        "held": len(lines),
        "decisions": sum(len(line["decisions"]) for line in lines),
    }


def security_lines(incidents: dict, charter: str) -> list[tuple[str, str]]:
    lines = [("Incidents enregistrés pendant l'année", str(incidents["total"]))]
    for label, count in incidents["notions"]:
        notion = label.lower()
        article = "l'" if notion[0] in "aeiouyéèêî" else "la "
        lines.append((f"dont touchant {article}{notion}", str(count)))
    lines += [
        (f"dont de gravité « {label} »", str(count)) for label, count in incidents["severities"]
    ]
    lines.append(("Charte des usages", charter))
    return lines


def build_bilan(school, start_year: int, *, with_charts: bool = True) -> Bilan:
    """Everything the bilan says, for the PDF and the DOCX alike."""
    from pilote.security.summary import charter_in_force, incidents_by_notion

    today = timezone.localdate()
    start, end = year_bounds(start_year, today)
    sections = build_sections(school, start, end, with_charts=with_charts)
    figures = {figure.code: figure for section in sections for figure in section.figures}
    volet, targets = target_lines(school, end, figures)
    incidents = incidents_by_notion(school, start, end + timedelta(days=1))
    charter = charter_in_force(school, end)
    for section in sections:
        if section.domain == Domain.SECURITE:
            section.facts = security_lines(incidents, charter)
            section.note = (
                "Incidents comptés par notion touchée (disponibilité, intégrité, "
                "confidentialité, traçabilité) : un incident peut en toucher plusieurs."
            )
    return Bilan(
        school=school,
        start_year=start_year,
        start=start,
        end=end,
        printed_on=today,
        head=person_of_role(school, Role.CHEF, end),
        rrupn=person_of_role(school, Role.RRUPN, end),
        sections=sections,
        targets=targets,
        volet=volet,
        commission=commission_facts(school, start, end),
        incidents=incidents,
        charter=charter,
        **action_facts(school, start, end),
    )
