"""What the commission's pages do, as functions the views, the demo and the tests share.

Each function validates first and writes nothing when it refuses (``ValidationError`` with a
French message); the e-mails it sends are written in the outbox in the same transaction.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Max, Value, When
from django.utils import timezone

from pilote.core.notify import send_notification

from ..actions import create_action
from .agenda import propose
from .choices import CommissionRole, ItemKind, MeetingStatus, MinutesStatus
from .models import AgendaItem, CommissionMember, Decision, Meeting, Minutes

ICS_DOMAIN = "pilote.education.fr"


def members_on(school, day):
    return (
        CommissionMember.objects.active(day)
        .for_school(school)
        .select_related("user", "school__collectivite")
        .order_by(role_rank(), "name", "user__last_name", "pk")
    )


def role_rank():
    """The president first, then the roles in the order of :class:`CommissionRole`."""
    return Case(
        *[When(role=role, then=Value(rank)) for rank, role in enumerate(CommissionRole.values)],
        default=Value(99),
    )


@transaction.atomic
def create_meeting(school, starts_at, *, created_by=None, **fields) -> Meeting:
    """A new meeting with its proposed agenda (figures computed now, frozen at sending)."""
    meeting = Meeting.objects.create(
        school=school, starts_at=starts_at, created_by=created_by, **fields
    )
    for order, proposed in enumerate(propose(meeting), start=1):
        AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            kind=proposed.kind,
            title=proposed.title,
            description=proposed.description,
            figures=proposed.figures,
        )
    return meeting


def refresh_figures(meeting: Meeting, *, freeze: bool) -> None:
    """Compute the computed items' figures again (the free items keep theirs)."""
    proposed = {item.kind: item for item in propose(meeting)}
    now = timezone.now()
    for item in meeting.items.exclude(kind=ItemKind.FREE):
        fresh = proposed.get(item.kind)
        item.figures = fresh.figures if fresh else []
        if freeze:
            item.frozen_at = now
        item.save(update_fields=["figures", "frozen_at"])


def move_item(item: AgendaItem, step: int) -> None:
    """Swap ``item`` with its neighbour (``step`` −1 up, +1 down) and number 1, 2, 3…"""
    items = list(item.meeting.items.order_by("order", "pk"))
    index = items.index(item)
    other = index + step
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for order, each in enumerate(items, start=1):
        if each.order != order:
            each.order = order
            each.save(update_fields=["order"])


def add_free_item(meeting: Meeting, title: str, description: str = "") -> AgendaItem:
    last = meeting.items.aggregate(last=Max("order"))["last"] or 0
    return AgendaItem.objects.create(
        meeting=meeting, order=last + 1, kind=ItemKind.FREE, title=title, description=description
    )


def convocation_ics(meeting: Meeting, members) -> bytes:
    from icalendar import Calendar, Event, vCalAddress, vText  # not at start-up

    calendar = Calendar()
    calendar.add("prodid", "-//Pilote//Commission numérique//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"commission-{meeting.pk}@{ICS_DOMAIN}")
    event.add("sequence", meeting.ics_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", f"Commission numérique — {meeting.school.name}")
    if meeting.location:
        event.add("location", meeting.location)
    agenda = "\n".join(str(item) for item in meeting.items.order_by("order", "pk"))
    event.add("description", f"Ordre du jour :\n{agenda}")
    chair = members.filter(role="president").first()
    if chair and chair.contact_email:
        organizer = vCalAddress(f"mailto:{chair.contact_email}")
        organizer.params["cn"] = vText(chair.display_name)
        event["organizer"] = organizer
    for member in members:
        if member.contact_email:
            attendee = vCalAddress(f"mailto:{member.contact_email}")
            attendee.params["cn"] = vText(member.display_name)
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


@transaction.atomic
def convene(meeting: Meeting, *, request=None) -> tuple[int, list]:
    """Freeze the agenda's figures and e-mail every member the convocation with an ``.ics``.

    Returns (addresses written to, members without an address). Refuses a meeting in the past,
    a cancelled or held one, and a commission without any member to convene.
    """
    if meeting.is_past:
        raise ValidationError(
            "Cette réunion est dans le passé : on ne peut plus la convoquer. "
            "Changez sa date ou enregistrez son compte rendu."
        )
    if meeting.status not in (MeetingStatus.DRAFT, MeetingStatus.CONVENED):
        raise ValidationError("Seule une réunion en préparation ou convoquée peut être convoquée.")
    day = timezone.localtime(meeting.starts_at).date()
    members = members_on(meeting.school, day)
    if not members.exists():
        raise ValidationError("La commission n'a aucun membre à cette date : ajoutez-en d'abord.")
    refresh_figures(meeting, freeze=True)
    if meeting.convened_at is not None:
        meeting.ics_sequence += 1
    meeting.convened_at = timezone.now()
    meeting.status = MeetingStatus.CONVENED
    meeting.save(update_fields=["convened_at", "status", "ics_sequence"])
    link = meeting.get_absolute_url()
    if request is not None:
        link = request.build_absolute_uri(link)
    ics = convocation_ics(meeting, members)
    without = [m for m in members if not m.contact_email]
    sent = send_notification(
        [m.contact_email for m in members],
        f"Convocation : {meeting} — {meeting.school.name}",
        "pilotage/commission/email/convocation.txt",
        {
            "meeting": meeting,
            "school": meeting.school,
            "items": list(meeting.items.order_by("order", "pk")),
            "local_start": timezone.localtime(meeting.starts_at),
            "link": link,
        },
        attachments=[("commission-numerique.ics", ics, "text/calendar; method=REQUEST")],
        school=meeting.school,
    )
    return sent, without


@transaction.atomic
def record_decision(
    meeting: Meeting,
    item: AgendaItem | None,
    text: str,
    *,
    action_title: str = "",
    responsible=None,
    due=None,
    created_by=None,
    request=None,
) -> Decision:
    """A decision of the meeting; with a responsible person, it becomes an action at once."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Écrivez le texte de la décision."})
    ensure_minutes_editable(meeting)
    decision = Decision.objects.create(meeting=meeting, item=item, text=text)
    if responsible is not None:
        decision.action = action_for(decision, action_title, responsible, due, created_by, request)
        decision.save(update_fields=["action"])
    return decision


def action_for(decision, title, responsible, due, created_by, request):
    meeting = decision.meeting
    return create_action(
        meeting.school,
        (title or decision.text).strip()[:200],
        responsible=responsible,
        due=due,
        created_by=created_by,
        description=decision.text,
        source=f"Décision de la {meeting}",
        source_url=decision.get_absolute_url(),
        request=request,
    )


@transaction.atomic
def decision_to_action(
    decision: Decision, responsible, due, *, title="", created_by=None, request=None
):
    if decision.action_id:
        raise ValidationError("Cette décision a déjà son action dans le plan.")
    decision.action = action_for(decision, title, responsible, due, created_by, request)
    decision.save(update_fields=["action"])
    return decision.action


def draft_minutes(meeting: Meeting) -> Minutes:
    """The minutes being written: the draft version, created on first need."""
    current = meeting.current_minutes()
    if current is None:
        current = Minutes.objects.create(meeting=meeting, version=1)
    return current


def agenda_editable(meeting: Meeting) -> bool:
    """The agenda changes while the meeting is prepared or convened, not once it is held or
    cancelled."""
    return meeting.status in (MeetingStatus.DRAFT, MeetingStatus.CONVENED)


def ensure_agenda_editable(meeting: Meeting) -> None:
    if not agenda_editable(meeting):
        raise ValidationError("L'ordre du jour de cette réunion ne se modifie plus.")


def ensure_minutes_editable(meeting: Meeting) -> None:
    current = meeting.current_minutes()
    if current is not None and current.is_approved:
        raise ValidationError(
            "Le compte rendu est approuvé : il ne se modifie plus. "
            "Ouvrez une version corrigée pour le changer."
        )


def snapshot(meeting: Meeting, minutes: Minutes) -> dict:
    items = []
    for item in meeting.items.order_by("order", "pk").prefetch_related("decisions__action"):
        items.append(
            {
                "order": item.order,
                "title": item.title,
                "figures": item.figures,
                "notes": item.notes,
                "decisions": [
                    {
                        "id": d.pk,
                        "text": d.text,
                        "action_id": d.action_id,
                        "action": d.action.title if d.action_id else "",
                    }
                    for d in item.decisions.all()
                ],
            }
        )
    return {
        "summary": minutes.summary,
        "present": [m.display_name for m in minutes.present.select_related("user")],
        "items": items,
    }


@transaction.atomic
def approve(minutes: Minutes, user, decision_texts: dict[int, str] | None = None) -> Minutes:
    """Approve ``minutes``: every decision needs a text; the content is frozen; the meeting
    is held; the PDF is built and sent to the members by the worker."""
    meeting = minutes.meeting
    if minutes.is_approved:
        raise ValidationError("Ce compte rendu est déjà approuvé.")
    if meeting.is_past is False:
        raise ValidationError("La réunion n'a pas encore eu lieu : son compte rendu attendra.")
    decisions = list(meeting.decisions.all())
    texts = decision_texts or {}
    empty = [d for d in decisions if not (texts.get(d.pk, d.text) or "").strip()]
    if empty:
        raise ValidationError(
            "Une décision n'a pas de texte : écrivez-la ou supprimez-la avant d'approuver."
        )
    for decision in decisions:
        if decision.pk in texts and texts[decision.pk].strip() != decision.text:
            decision.text = texts[decision.pk].strip()
            decision.save(update_fields=["text"])
    minutes.content = snapshot(meeting, minutes)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_by = user
    minutes.save()
    Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED).exclude(
        pk=minutes.pk
    ).update(status=MinutesStatus.REPLACED)
    if meeting.status != MeetingStatus.HELD:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    from pilote.core.tasks import enqueue_after_commit

    from .tasks import send_minutes

    enqueue_after_commit(send_minutes, minutes.pk)
    return minutes


@transaction.atomic
def new_version(minutes: Minutes, reason: str) -> Minutes:
    """A correction of approved minutes: a new draft version, the approved one stays."""
    if not minutes.is_approved:
        raise ValidationError("Ce compte rendu est encore en rédaction : modifiez-le directement.")
    if not reason.strip():
        raise ValidationError({"correction_reason": "Dites ce que la correction change."})
    latest = minutes.meeting.current_minutes()
    if latest.pk != minutes.pk:
        raise ValidationError("Une version plus récente existe déjà.")
    copy = Minutes.objects.create(
        meeting=minutes.meeting,
        version=minutes.version + 1,
        summary=minutes.summary,
        correction_reason=reason.strip()[:300],
    )
    copy.present.set(minutes.present.all())
    return copy
