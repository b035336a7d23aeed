"""The commission on the school's home (« À traiter », the next meeting after the objectives)
and on the pilotage dashboard."""

from datetime import timedelta

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from pilote.core.choices import Domain, Level
from pilote.core.home import RANK_DECISION, HomeSection, Todo, register_section, register_todo

from .. import perms
from .choices import MeetingStatus, MinutesStatus
from .models import Meeting, Minutes

# A meeting this close and not convened yet asks for its convocation.
CONVENE_WITHIN_DAYS = 21
# Without a meeting planned, the commission is due again this long after the last one.
PLAN_AFTER_DAYS = 120


def next_meeting(school):
    return Meeting.objects.upcoming().for_school(school).select_related("school").first()


def minutes_waiting(school) -> list[Meeting]:
    """Meetings past (not cancelled) whose latest minutes are missing or being written (a
    correction included)."""
    latest = Subquery(
        Minutes.objects.filter(meeting=OuterRef("pk")).order_by("-version").values("status")[:1]
    )
    meetings = (
        Meeting.objects.for_school(school)
        .filter(starts_at__lt=timezone.now())
        .exclude(status=MeetingStatus.CANCELLED)
        .annotate(latest=latest)
        .filter(Q(latest__isnull=True) | Q(latest=MinutesStatus.DRAFT))
        .select_related("school")
        .order_by("-starts_at")[:5]
    )
    return list(meetings)


def dashboard(school) -> dict:
    """For the pilotage dashboard: the next meeting, the last one held, minutes waiting."""
    last = Meeting.objects.held().for_school(school).select_related("school").first()
    return {
        "next": next_meeting(school),
        "last": last,
        "waiting": minutes_waiting(school),
        "url": reverse("pilotage:commission", kwargs={"uai": school.uai}),
    }


@register_todo
def commission_todos(context) -> list[Todo]:
    if not perms.may_edit_commission(context.capabilities):
        return []
    school, now = context.school, timezone.now()
    items = []
    upcoming = next_meeting(school)
    if upcoming is not None and upcoming.convened_at is None:
        days = (upcoming.starts_at - now).days
        if days <= CONVENE_WITHIN_DAYS:
            items.append(
                Todo(
                    label=f"Envoyer la convocation de la {upcoming}",
                    url=upcoming.get_absolute_url(),
                    rank=RANK_DECISION,
                    severity=2.0 if days <= 7 else 1.0,
                    since=timezone.localtime(upcoming.starts_at).date(),
                    detail=f"réunion dans {days} jour(s), ordre du jour à arrêter",
                    kind="Commission numérique",
                )
            )
    elif upcoming is None:
        last = Meeting.objects.held().for_school(school).order_by("-starts_at").first()
        if last is None or now - last.starts_at > timedelta(days=PLAN_AFTER_DAYS):
            items.append(
                Todo(
                    label="Planifier la prochaine commission numérique",
                    url=reverse("pilotage:commission_meeting_add", kwargs={"uai": school.uai}),
                    rank=RANK_DECISION,
                    severity=1.0,
                    detail=(f"dernière réunion le {last.day_label}" if last else "jamais réunie"),
                    kind="Commission numérique",
                )
            )
    for meeting in minutes_waiting(school):
        items.append(
            Todo(
                label=f"Compte rendu à approuver : {meeting}",
                url=reverse(
                    "pilotage:commission_minutes_edit",
                    kwargs={"uai": school.uai, "pk": meeting.pk},
                ),
                rank=RANK_DECISION,
                severity=1.0,
                since=timezone.localtime(meeting.starts_at).date(),
                kind="Commission numérique",
            )
        )
    return items


@register_section
def next_meeting_section(context) -> HomeSection | None:
    """After the objectives, when the commission meets next: the head prepares it, the members
    who read the home page know the date."""
    if not context.capabilities.can(Domain.COMMISSION, Level.VIEW):
        return None
    return HomeSection(
        "pilotage/commission/_home_next.html",
        {
            "next": next_meeting(context.school),
            "url": reverse("pilotage:commission", kwargs={"uai": context.school.uai}),
            "can_edit": perms.may_edit_commission(context.capabilities),
        },
        order=20,
    )
