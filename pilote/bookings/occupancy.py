"""Occupancy and loan rates: the figures the head reads to deploy equipment by real use.

Occupancy is booked hours over open hours during the last four *school* weeks (weeks with at
least one open day; holidays are skipped, so the rate after the Toussaint holidays still speaks
of four weeks of classes). Open hours of a day are the sum of the timetable slots. Only
confirmed bookings count: a request still waiting is not use yet.

Everything is computed for many schools at once with a handful of grouped queries, because
the territorial view measures hundreds of schools.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

from pilote.inventory.choices import Category, EquipmentStatus
from pilote.inventory.models import Equipment

from .models import (
    Booking,
    ClosedPeriod,
    Loan,
    Resource,
    SchoolCalendar,
    TimeSlot,
    local_datetime,
)

SCHOOL_WEEKS = 4
# How far back to look for four school weeks (summer holidays are nine weeks long).
LOOKBACK_WEEKS = 16
LENDABLE_CATEGORIES = [Category.PORTABLE, Category.TABLETTE]
LENDABLE_STATUSES = [EquipmentStatus.EN_SERVICE, EquipmentStatus.EN_STOCK]


@dataclass
class Period:
    """The school weeks measured for one school and its open time in them."""

    mondays: list[date]
    open_days: int
    minutes_per_day: int

    @property
    def open_minutes(self) -> int:
        return self.open_days * self.minutes_per_day

    @property
    def open_hours(self) -> float:
        return self.open_minutes / 60

    @property
    def key(self) -> tuple[date, ...]:
        return tuple(self.mondays)

    def bookings_q(self) -> Q:
        """Bookings that start in one of the measured weeks."""
        condition = Q(pk__in=[])
        for monday in self.mondays:
            start = local_datetime(monday, time.min)
            condition |= Q(starts_at__gte=start, starts_at__lt=start + timedelta(days=7))
        return condition

    @property
    def label(self) -> str:
        if not self.mondays:
            return "aucune semaine de cours"
        first, last = min(self.mondays), max(self.mondays) + timedelta(days=4)
        return f"{len(self.mondays)} semaines de cours du {first:%d/%m/%Y} au {last:%d/%m/%Y}"


def school_weeks(opening_days, closures, today: date, count: int = SCHOOL_WEEKS):
    """The ``count`` last finished weeks with classes, and their open days.

    The current week counts once its last opening day is over (on a Saturday, the week just
    ended is the most recent one); a week of holidays has no open day and is skipped.
    """
    current_monday = today - timedelta(days=today.weekday())
    week_over = bool(opening_days) and today.weekday() > max(opening_days)
    mondays, open_days = [], 0
    for back in range(0 if week_over else 1, LOOKBACK_WEEKS + 1):
        monday = current_monday - timedelta(weeks=back)
        open_in_week = [
            day
            for day in (monday + timedelta(days=offset) for offset in range(7))
            if day.weekday() in opening_days
            and not any(c.start_date <= day <= c.end_date for c in closures)
        ]
        if open_in_week:
            mondays.append(monday)
            open_days += len(open_in_week)
        if len(mondays) == count:
            break
    return mondays, open_days


def periods_for(schools, today: date | None = None) -> dict[int, Period]:
    """The measured period of each school that has a booking calendar (three queries)."""
    today = today or timezone.localdate()
    ids = [school.pk for school in schools]
    calendars = {c.school_id: c for c in SchoolCalendar.objects.filter(school_id__in=ids)}
    horizon = today - timedelta(weeks=LOOKBACK_WEEKS + 1)
    closures = defaultdict(list)
    for closure in ClosedPeriod.objects.filter(
        school_id__in=calendars, end_date__gte=horizon, start_date__lte=today
    ):
        closures[closure.school_id].append(closure)
    minutes = defaultdict(int)
    for slot in TimeSlot.objects.filter(school_id__in=calendars):
        minutes[slot.school_id] += slot.minutes
    periods = {}
    for school_id, calendar in calendars.items():
        mondays, open_days = school_weeks(set(calendar.opening_days), closures[school_id], today)
        periods[school_id] = Period(mondays, open_days, minutes[school_id])
    return periods


BOOKED_DURATION = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())


def booked_minutes(periods: dict[int, Period]) -> dict[int, int]:
    """Confirmed minutes per resource in each school's period: one query per distinct period
    (schools of one zone share theirs)."""
    schools_by_period = defaultdict(list)
    for school_id, period in periods.items():
        if period.mondays:
            schools_by_period[period.key].append(school_id)
    minutes: dict[int, int] = {}
    for school_ids in schools_by_period.values():
        period = periods[school_ids[0]]
        rows = (
            Booking.objects.confirmed()
            .filter(school_id__in=school_ids)
            .filter(resource__is_active=True)
            .filter(period.bookings_q())
            .values("resource_id")
            .annotate(total=Sum(BOOKED_DURATION))
        )
        for row in rows:
            minutes[row["resource_id"]] = int(row["total"].total_seconds() // 60)
    return minutes


@dataclass
class ResourceUse:
    resource: Resource
    booked_minutes: int
    open_minutes: int

    @property
    def booked_hours(self) -> float:
        return round(self.booked_minutes / 60, 1)

    @property
    def open_hours(self) -> float:
        return round(self.open_minutes / 60, 1)

    @property
    def rate(self) -> float | None:
        if not self.open_minutes:
            return None
        return round(min(100.0, 100.0 * self.booked_minutes / self.open_minutes), 1)


@dataclass
class SchoolUse:
    period: Period | None
    resources: list[ResourceUse] = field(default_factory=list)

    def rate_of(self, kind: str) -> float | None:
        uses = [use for use in self.resources if use.resource.kind == kind]
        open_minutes = sum(use.open_minutes for use in uses)
        if not open_minutes:
            return None
        booked = sum(use.booked_minutes for use in uses)
        return round(min(100.0, 100.0 * booked / open_minutes), 1)

    @property
    def never_booked(self) -> list[Resource]:
        return [use.resource for use in self.resources if use.booked_minutes == 0]


def resource_use(schools, today: date | None = None) -> dict[int, SchoolUse]:
    """Every active resource of every school with its booked and open time in the period."""
    periods = periods_for(schools, today)
    minutes = booked_minutes(periods)
    uses = {school.pk: SchoolUse(periods.get(school.pk)) for school in schools}
    resources = Resource.objects.filter(school__in=schools, is_active=True).order_by("kind", "name")
    for resource in resources:
        period = periods.get(resource.school_id)
        uses[resource.school_id].resources.append(
            ResourceUse(
                resource,
                minutes.get(resource.pk, 0),
                period.open_minutes if period else 0,
            )
        )
    return uses


def loan_figures(schools, today: date | None = None) -> dict[int, dict[str, int]]:
    """Lendable mobile devices, those lent now, and overdue loans, per school (two queries)."""
    today = today or timezone.localdate()
    figures = {school.pk: {"lendable": 0, "lent": 0, "overdue": 0} for school in schools}
    lendable = (
        Equipment.objects.filter(
            school__in=schools,
            category__in=LENDABLE_CATEGORIES,
            status__in=LENDABLE_STATUSES,
            cart__isnull=True,
        )
        .values("school_id")
        .annotate(total=Count("pk"))
    )
    for row in lendable:
        figures[row["school_id"]]["lendable"] = row["total"]
    loans = (
        Loan.objects.open()
        .filter(school__in=schools)
        .values("school_id")
        .annotate(
            lent=Count(
                "pk",
                filter=Q(
                    equipment__category__in=LENDABLE_CATEGORIES,
                    equipment__status__in=LENDABLE_STATUSES,
                    equipment__cart__isnull=True,
                ),
            ),
            overdue=Count("pk", filter=Q(due_on__lt=today)),
        )
    )
    for row in loans:
        figures[row["school_id"]]["lent"] = row["lent"]
        figures[row["school_id"]]["overdue"] = row["overdue"]
    return figures
