"""Demo of the commission numérique: the collège's commission has met three times this school
year (agenda from the recorded history, minutes approved, decisions and their actions) and a
fourth meeting is convened. Called by the pilotage demo once the history is written."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from pilote.core.schoolyear import school_year_start

from ..choices import ActionStatus
from ..models import Action
from .choices import CommissionRole, ItemKind, MeetingStatus, MemberKind, MinutesStatus
from .models import CommissionMember, Decision, Minutes
from .services import add_free_item, convene, create_meeting, snapshot

SEATS = [
    ("chef.college", CommissionRole.PRESIDENT, MemberKind.SCHOOL),
    ("adjoint.college", CommissionRole.ADJOINT, MemberKind.SCHOOL),
    ("rrupn.college", CommissionRole.RRUPN, MemberKind.SCHOOL),
    ("sg.college", CommissionRole.SG, MemberKind.SCHOOL),
    ("cpe.college", CommissionRole.CPE, MemberKind.SCHOOL),
    ("doc.college", CommissionRole.DOCUMENTALISTE, MemberKind.SCHOOL),
    ("tech.departement", CommissionRole.COLLECTIVITE, MemberKind.COLLECTIVITE),
]

# Per held meeting: (notes on the indicators item, [(decision, responsible, due in days from
# the meeting, state of its action today, or None for a decision without action)]).
MEETINGS = [
    (
        "Rentrée : le parc du CDI vieillit, l'activation des comptes des familles progresse.",
        [
            ("Renouveler les six postes du CDI", "sg.college", 45, ActionStatus.DONE),
            ("Former les professeurs principaux à l'ENT", "rrupn.college", 60, ActionStatus.DONE),
            ("Présenter la charte au conseil de la vie collégienne", None, 0, None),
        ],
    ),
    (
        "Incident d'hameçonnage traité ; prêts de tablettes en hausse.",
        [
            (
                "Organiser une sensibilisation à l'hameçonnage pour les personnels",
                "adjoint.college",
                40,
                ActionStatus.ONGOING,
            ),
            ("Ouvrir une permanence ENT pour les familles", "cpe.college", 20, ActionStatus.TODO),
        ],
    ),
    (
        "Préparation du bilan : campagne Pix lancée, demande de validation en attente.",
        [
            ("Relancer la campagne Pix des 3e", "rrupn.college", 30, ActionStatus.ONGOING),
            ("Inventorier les vidéoprojecteurs hors service", "sg.college", 50, ActionStatus.TODO),
        ],
    ),
]


def meeting_days(today):
    """Three days of this school year before today (or of the last weeks if it just began)."""
    start = school_year_start(today) + timedelta(days=10)
    end = today - timedelta(days=4)
    span = (end - start).days
    if span < 45:
        return [today - timedelta(days=d) for d in (75, 45, 15)]
    return [start + timedelta(days=span * k // 6) for k in (1, 3, 5)]


def at_five(day):
    return timezone.make_aware(datetime.combine(day, time(17, 0)))


def load(demo) -> None:
    college, users = demo.college, demo.users
    today = timezone.localdate()
    days = meeting_days(today)
    first_day = min(days[0], school_year_start(today))
    for username, role, kind in SEATS:
        CommissionMember.objects.create(
            school=college, user=users[username], role=role, kind=kind, start_date=first_day
        )
    CommissionMember.objects.create(
        school=college,
        kind=MemberKind.GUEST,
        name="Jeanne Collin",
        organisation="Atelier Canopé",
        email="jeanne.collin@canope.example.fr",
        role=CommissionRole.INVITE,
        start_date=first_day,
    )
    CommissionMember.objects.create(
        school=college,
        kind=MemberKind.GUEST,
        name="Représentant des parents d'élèves",
        organisation="FCPE",
        role=CommissionRole.INVITE,
        start_date=first_day,
    )
    head = users["chef.college"]
    for day, (notes, decisions) in zip(days, MEETINGS, strict=True):
        meeting = create_meeting(
            college, at_five(day), created_by=head, location="Salle du conseil"
        )
        meeting.convened_at = at_five(day - timedelta(days=14))
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["convened_at", "status"])
        meeting.items.update(frozen_at=meeting.convened_at)
        items = {item.kind: item for item in meeting.items.all()}
        indicators = items.get(ItemKind.INDICATORS)
        if indicators:
            indicators.notes = notes
            indicators.save(update_fields=["notes"])
        target = items.get(ItemKind.ACTIONS) or indicators
        for text, username, due_days, state in decisions:
            decision = Decision.objects.create(meeting=meeting, item=target, text=text)
            if username is None:
                continue
            due = day + timedelta(days=due_days)
            decision.action = Action.objects.create(
                school=college,
                title=text,
                description=text,
                responsible=users[username],
                start_date=day,
                due_date=due,
                status=state,
                completed_on=min(due, today) if state == ActionStatus.DONE else None,
                source=f"Décision de la {meeting}",
                source_url=decision.get_absolute_url(),
            )
            decision.save(update_fields=["action"])
        minutes = Minutes.objects.create(
            meeting=meeting, summary="Séance tenue dans un bon climat ; quorum atteint."
        )
        minutes.present.set(
            CommissionMember.objects.for_school(college).exclude(name__contains="parents")
        )
        minutes.content = snapshot(meeting, minutes)
        minutes.status = MinutesStatus.APPROVED
        minutes.approved_at = at_five(day + timedelta(days=3))
        minutes.approved_by = head
        minutes.sent_at = minutes.approved_at
        minutes.save()
    upcoming = create_meeting(
        college, at_five(today + timedelta(days=18)), created_by=head, location="Salle du conseil"
    )
    add_free_item(upcoming, "Questions diverses")
    convene(upcoming)
