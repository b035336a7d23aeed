"""The agenda a new meeting proposes, computed from what changed since the previous meeting.

Every figure comes from the indicator registry (the same definition as the cockpits, the CLI
and the bilan) and its recorded history, except two counts no indicator gives: security
incidents since the previous meeting by D-I-C-T notion and gravity (counts only, never a
name), and the assistance requests still open. Each item carries its figures as text
(« 12,5 % »): they are computed again and frozen when the convocation is sent
(:func:`freeze`), so that the minutes later show what the commission saw.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from pilote.core.metrics import STATUS_SEVERITY, Status, format_value, registry

from ..actions import overdue_actions
from ..models import Action
from .choices import ItemKind

# Without a previous meeting, the agenda looks back this far; without a later meeting, the
# actions due within this many days of the meeting are « à échéance avant la prochaine ».
DEFAULT_LOOKBACK_DAYS = 120
DEFAULT_HORIZON_DAYS = 90

THEMES = {
    ItemKind.VALIDATIONS: (
        "Demandes de validation en attente",
        ["validations.en_attente", "validations.en_retard"],
    ),
    ItemKind.ASSISTANCE: (
        "Assistance : demandes en cours et délais",
        ["assistance.hors_delai", "assistance.delai_median"],
    ),
    ItemKind.EQUIPMENT: (
        "Parc : équipements en fin de vie",
        ["parc.hors_duree_de_vie", "parc.renouvellements_3_ans", "parc.hors_service"],
    ),
    ItemKind.BOOKINGS: (
        "Occupation des salles et prêts de matériel",
        [
            "reservations.occupation_salles",
            "reservations.occupation_mobiles",
            "prets.taux",
            "prets.en_retard",
        ],
    ),
    ItemKind.SKILLS: (
        "Compétences numériques : Pix et Pix+ Édu",
        ["pix.participants", "pix.certifies", "pix.score_moyen", "pixedu.engages"],
    ),
    ItemKind.ENT: (
        "Usages de l'ENT et familles à accompagner",
        [
            "usages.activation_eleves",
            "usages.activation_responsables",
            "usages.eleves_actifs_30j",
            "usages.a_accompagner",
        ],
    ),
}


@dataclass
class ProposedItem:
    kind: str
    title: str
    figures: list[dict] = field(default_factory=list)
    description: str = ""


def figure(label: str, value: str, *, detail: str = "", status: str = "", code: str = "") -> dict:
    return {"label": label, "value": value, "detail": detail, "status": status, "code": code}


def measure_figure(measure, detail: str = "") -> dict:
    indicator = measure.indicator
    return figure(
        indicator.label,
        format_value(measure.value, indicator.unit),
        detail=detail,
        status=measure.status.value,
        code=indicator.code,
    )


def window(meeting) -> tuple[date, date]:
    """(since, horizon): the previous meeting's day, and the next meeting's (or a term)."""
    day = timezone.localtime(meeting.starts_at).date()
    previous = meeting.previous()
    since = (
        timezone.localtime(previous.starts_at).date()
        if previous
        else day - timedelta(days=DEFAULT_LOOKBACK_DAYS)
    )
    later = (
        type(meeting)
        .objects.filter(school_id=meeting.school_id, starts_at__gt=meeting.starts_at)
        .order_by("starts_at")
        .first()
    )
    horizon = (
        timezone.localtime(later.starts_at).date()
        if later
        else day + timedelta(days=DEFAULT_HORIZON_DAYS)
    )
    return since, horizon


def propose(meeting) -> list[ProposedItem]:
    """The proposed agenda of ``meeting``: one item per theme that has something to say.

    The figures are today's; for a meeting already past (minutes recorded afterwards), those
    the history recorded on its day."""
    school = meeting.school
    today = timezone.localdate()
    since, horizon = window(meeting)
    day = timezone.localtime(meeting.starts_at).date()
    at = day if day < today else None
    now = {m.indicator.code: m for m in registry.measure_school(school, at=at)}
    then = {m.indicator.code: m for m in registry.measure_school(school, at=since)}
    items = [indicator_changes(now, then, since)]
    items.append(objectives_behind(now))
    items.append(actions_due(school, at or today, horizon))
    items.append(past_decisions(meeting))
    items.append(security_incidents(school, since, at or today))
    for kind, (title, codes) in THEMES.items():
        figures = [measure_figure(now[code]) for code in codes if code in now]
        if kind == ItemKind.ASSISTANCE:
            figures.insert(0, open_support_requests(school))
        items.append(ProposedItem(kind, title, figures))
    return [item for item in items if item is not None]


def indicator_changes(now: dict, then: dict, since: date) -> ProposedItem:
    """Indicators that turned « à surveiller » or « alerte » since ``since``, and those that
    improved (their status is better than it was)."""
    worse, better = [], []
    for code, measure in now.items():
        before = then.get(code)
        if before is None or before.value is None or measure.value is None:
            continue
        was, is_ = STATUS_SEVERITY[before.status], STATUS_SEVERITY[measure.status]
        unit = measure.indicator.unit
        detail = f"{format_value(before.value, unit)} le {since:%d/%m/%Y}"
        if measure.status in (Status.WATCH, Status.ALERT) and is_ > was:
            worse.append(measure_figure(measure, f"{Status(measure.status).label} ; {detail}"))
        elif is_ < was and before.status in (Status.WATCH, Status.ALERT):
            better.append(measure_figure(measure, f"amélioré ; {detail}"))
    description = (
        f"Depuis le {since:%d/%m/%Y} : {len(worse)} indicateur(s) passé(s) à surveiller ou en "
        f"alerte, {len(better)} amélioré(s)."
    )
    return ProposedItem(
        ItemKind.INDICATORS, "Évolution des indicateurs", worse + better, description
    )


def objectives_behind(now: dict) -> ProposedItem | None:
    """Targets of the volet numérique behind a milestone already passed (status « alerte »)."""
    behind = [
        measure_figure(m, m.reference_text)
        for m in now.values()
        if m.target is not None and m.status == Status.ALERT
    ]
    if not any(m.target is not None for m in now.values()):
        return None
    return ProposedItem(
        ItemKind.OBJECTIVES,
        "Objectifs du volet numérique en retard sur leur jalon",
        behind,
        "Aucune cible en retard." if not behind else "",
    )


def actions_due(school, today: date, horizon: date) -> ProposedItem:
    late = list(overdue_actions(school, today)[:20])
    soon = list(
        Action.objects.open()
        .for_school(school)
        .filter(due_date__gte=today, due_date__lte=horizon)
        .select_related("responsible")
        .order_by("due_date")[:20]
    )
    figures = [
        figure(a.title, "en retard", detail=f"échéance du {a.due_date:%d/%m/%Y}", status="alert")
        for a in late
    ] + [
        figure(a.title, "à échéance", detail=f"échéance le {a.due_date:%d/%m/%Y}", status="watch")
        for a in soon
    ]
    return ProposedItem(
        ItemKind.ACTIONS,
        "Plan d'actions : actions en retard ou à échéance avant la prochaine commission",
        figures,
        f"{len(late)} action(s) en retard, {len(soon)} à échéance d'ici le {horizon:%d/%m/%Y}.",
    )


def past_decisions(meeting) -> ProposedItem | None:
    from .models import Decision

    decisions = list(
        Decision.objects.filter(
            meeting__school=meeting.school, meeting__starts_at__lt=meeting.starts_at
        )
        .select_related("action", "meeting")
        .order_by("-meeting__starts_at", "pk")[:30]
    )
    if not decisions:
        return None
    return ProposedItem(
        ItemKind.DECISIONS,
        "Suite donnée aux décisions des commissions précédentes",
        [decision_figure(d) for d in decisions],
    )


def decision_figure(decision) -> dict:
    from .status import follow_up_of

    follow = follow_up_of(decision)
    detail = f"décidé le {decision.meeting.day_label}"
    if follow.detail:
        detail += f" ; {follow.detail}"
    return figure(decision.text[:200], follow.state, detail=detail, status=follow.severity)


def security_incidents(school, since: date, until: date) -> ProposedItem:
    """Incidents detected since ``since``: counts by D-I-C-T notion and by gravity only."""
    from pilote.security.choices import Severity
    from pilote.security.models import IMPACT_FIELDS, Incident

    counts = (
        Incident.objects.for_school(school)
        .filter(detected_at__date__gte=since, detected_at__date__lte=until)
        .aggregate(
            total=Count("pk"),
            **{
                f"notion_{n}": Count("pk", filter=Q(**{f"{f}__gt": 0}))
                for n, f in IMPACT_FIELDS.items()
            },
            **{f"severity_{s.value}": Count("pk", filter=Q(severity=s.value)) for s in Severity},
        )
    )
    figures = [
        figure("Incidents enregistrés", str(counts["total"]), detail=f"depuis le {since:%d/%m/%Y}")
    ]
    figures += [
        figure(f"Incidents touchant {NOTION_WORDS[n]}", str(counts[f"notion_{n}"]))
        for n in IMPACT_FIELDS
    ]
    figures += [
        figure(f"Gravité : {s.label.lower()}", str(counts[f"severity_{s.value}"])) for s in Severity
    ]
    return ProposedItem(
        ItemKind.SECURITY,
        "Sécurité numérique : incidents depuis la dernière commission",
        figures,
        "Nombres seulement : le détail des incidents reste dans le module Sécurité.",
    )


NOTION_WORDS = {
    "D": "la disponibilité",
    "I": "l'intégrité",
    "C": "la confidentialité",
    "T": "la traçabilité",
}


def open_support_requests(school) -> dict:
    from pilote.support.models import SupportRequest

    count = SupportRequest.objects.open().for_school(school).count()
    return figure("Demandes d'assistance en cours", str(count))
