"""Creating and moving a plan through its steps: written once, used by the views and the demo."""

from django.db import transaction
from django.utils import timezone

from pilote.catalogue.choices import SchoolServiceStatus
from pilote.core.schoolyear import school_year_of
from pilote.missions.models import Delegation

from .choices import ScenarioKind
from .models import ContinuityPlan, PlanTool, Scenario
from .referential import SCENARIO_FIELDS, load_referential

MISSION_CODE = "continuite"
# The plan's own texts: written in its form, carried into the next school year's plan.
CARRIED_FIELDS = (
    "objectives",
    "timetable_principles",
    "identities",
    "training_plan",
    "resources",
    "evaluation",
)


def current_year() -> int:
    return school_year_of(timezone.localdate())


def current_plan(school) -> ContinuityPlan | None:
    return ContinuityPlan.objects.for_school(school).filter(school_year=current_year()).first()


@transaction.atomic
def create_plan(school, year: int | None = None) -> ContinuityPlan:
    """This year's plan as a draft: last year's content carried over when there is one (a
    plan is revised each year, rarely rewritten), else the referential's default scenarios.
    The checklist starts empty: what was ready last year must be checked again."""
    year = year or current_year()
    previous = (
        ContinuityPlan.objects.for_school(school)
        .filter(school_year__lt=year)
        .order_by("-school_year")
        .first()
    )
    plan = ContinuityPlan.objects.create(
        school=school,
        school_year=year,
        checklist_version=load_referential().version,
        **{name: getattr(previous, name) for name in CARRIED_FIELDS} if previous else {},
    )
    defaults = load_referential().scenarios
    old = {s.kind: s for s in previous.scenarios.all()} if previous else {}
    for kind in ScenarioKind.values:
        source = old.get(kind)
        values = {
            name: getattr(source, name) if source else str(defaults[kind][name]).strip()
            for name in SCENARIO_FIELDS
        }
        Scenario.objects.create(school=school, plan=plan, kind=kind, **values)
    if previous:
        PlanTool.objects.bulk_create(
            PlanTool(
                school=school, plan=plan, use=t.use, school_service=t.school_service, notes=t.notes
            )
            for t in previous.tools.exclude(school_service__status=SchoolServiceStatus.RETIRE)
        )
    return plan


def validate(plan: ContinuityPlan, user) -> None:
    plan.validated_on = timezone.localdate()
    plan.validated_by = user
    plan.refresh_status()
    plan.save()


def checklist_rows(plan: ContinuityPlan) -> list[tuple]:
    """(item, done) for each step of the referential, in order."""
    done = plan.checklist or {}
    return [(item, bool(done.get(item.code))) for item in load_referential().items]


def mission_holders(school) -> list:
    """Today's holders of the « continuité » mission (missions matrix)."""
    return [
        d.holder
        for d in Delegation.objects.active()
        .holding(school, MISSION_CODE)
        .select_related("holder")
        .order_by("rank", "start_date")
    ]
