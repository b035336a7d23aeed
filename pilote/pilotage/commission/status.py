"""Where the commission stands: last meeting held, decisions and what became of them."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Max, Q
from django.utils import timezone

from pilote.core.metrics import per_school

from ..choices import ActionStatus
from .choices import MeetingStatus
from .models import Decision, Meeting

# A decision older than this whose action is neither done nor under way is « sans suite ».
STALE_DAYS = 90


@dataclass
class FollowUp:
    decision: Decision
    state: str
    severity: str  # "ok", "watch", "alert", "info", "" (DSFR badge)
    detail: str = ""


def follow_up_of(decision: Decision, today=None) -> FollowUp:
    today = today or timezone.localdate()
    action = decision.action
    if action is None:
        return FollowUp(decision, "Sans action", "watch", "aucune action au plan")
    if action.status == ActionStatus.DONE:
        done = f"le {action.completed_on:%d/%m/%Y}" if action.completed_on else ""
        return FollowUp(decision, "Réalisée", "ok", done)
    if action.status == ActionStatus.ABANDONED:
        return FollowUp(decision, "Abandonnée", "")
    if action.due_date < today:
        return FollowUp(decision, "En retard", "alert", f"échéance du {action.due_date:%d/%m/%Y}")
    return FollowUp(
        decision,
        action.get_status_display(),
        "info",
        f"échéance le {action.due_date:%d/%m/%Y}",
    )


def decisions_follow_up(school, before=None, limit: int = 50) -> list[FollowUp]:
    """What became of the decisions of the meetings before ``before`` (all by default)."""
    decisions = Decision.objects.filter(meeting__school=school).exclude(
        meeting__status=MeetingStatus.CANCELLED
    )
    if before is not None:
        decisions = decisions.filter(meeting__starts_at__lt=before)
    decisions = decisions.select_related("meeting__school", "action__school").order_by(
        "-meeting__starts_at", "pk"
    )[:limit]
    today = timezone.localdate()
    return [follow_up_of(d, today) for d in decisions]


def last_held(schools) -> dict[int, object]:
    """``{school_id: datetime}`` of the last meeting held (one grouped query)."""
    rows = per_school(Meeting.objects.held().filter(school__in=schools), last=Max("starts_at"))
    return {school_id: row["last"] for school_id, row in rows.items()}


def stale_decisions_filter(today=None) -> Q:
    """Decisions older than :data:`STALE_DAYS` whose action is neither done nor under way."""
    today = today or timezone.localdate()
    return (
        Q(meeting__starts_at__date__lt=today - timedelta(days=STALE_DAYS))
        & ~Q(action__status__in=[ActionStatus.DONE, ActionStatus.ONGOING])
        & ~Q(meeting__status=MeetingStatus.CANCELLED)
    )
