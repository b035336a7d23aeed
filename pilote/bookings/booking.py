"""Booking rules: limits, recurrences, and the one place where bookings are written.

Every booking goes through :func:`book`, which checks the resource's rules, expands a weekly
recurrence over the school calendar, then checks collisions and writes inside one locked
transaction. On SQLite the transaction starts with ``BEGIN IMMEDIATE`` (the connection's
``transaction_mode``), so a second request waits for the first to commit before it reads;
on PostgreSQL the exclusion constraint refuses the second insert even if both requests read
before either wrote.
"""

import time as time_module
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from pilote.core.models import User

from . import perms
from .calendar import Recurrence, calendar_for, closed_days, weekly_dates
from .choices import BookingStatus
from .models import Booking, BookingSeries, Resource, local_datetime

NO_OVERLAP_CONSTRAINT = "bookings_booking_no_overlap"
# A weekly series never runs past one school year: 53 weeks is a hard ceiling.
MAX_OCCURRENCES = 53


class BookingRefused(Exception):
    """The request breaks a rule; ``messages`` say which, in French, for the form."""

    def __init__(self, *messages: str):
        super().__init__(" ".join(messages))
        self.messages = list(messages)


class BookingConflict(BookingRefused):
    """The slot is taken (or was taken while the request was being checked)."""

    def __init__(self, conflicts: list[Booking] | None = None):
        self.conflicts = conflicts or []
        if self.conflicts:
            lines = [f"{c} (réservée par {c.booked_by})" for c in self.conflicts[:5]]
            message = "Ce créneau est déjà réservé : " + " ; ".join(lines) + "."
        else:
            message = "Ce créneau vient d'être réservé par quelqu'un d'autre."
        super().__init__(message)


@dataclass
class BookingRequest:
    resource: Resource
    user: User
    purpose: str
    day: date
    start_time: time
    end_time: time
    until: date | None = None

    @property
    def minutes(self) -> int:
        start = datetime.combine(self.day, self.start_time)
        return int((datetime.combine(self.day, self.end_time) - start).total_seconds() // 60)


@dataclass
class BookingResult:
    bookings: list[Booking]
    skipped: list[tuple[date, str]] = field(default_factory=list)
    series: BookingSeries | None = None

    @property
    def status(self) -> str:
        return self.bookings[0].status


def rule_errors(request: BookingRequest, capabilities, now: datetime) -> list[str]:
    resource, errors = request.resource, []
    if not resource.is_active:
        errors.append(f"« {resource} » n'est pas réservable en ce moment.")
    if not perms.may_book_resource(resource, capabilities):
        errors.append(f"Votre rôle ne permet pas de réserver « {resource} ».")
    if request.end_time <= request.start_time:
        errors.append("L'heure de fin doit suivre l'heure de début.")
    elif resource.max_duration_minutes and request.minutes > resource.max_duration_minutes:
        errors.append(
            f"« {resource} » se réserve au plus {resource.max_duration_minutes} minutes d'affilée."
        )
    if local_datetime(request.day, request.start_time) < now:
        errors.append("On ne réserve pas dans le passé.")
    last_day = request.until or request.day
    if request.until and request.until < request.day:
        errors.append("La date de fin de la répétition précède la première date.")
    if resource.horizon_days is not None:
        limit = timezone.localdate(now) + timedelta(days=resource.horizon_days)
        if last_day > limit:
            errors.append(
                f"« {resource} » se réserve au plus {resource.horizon_days} jours à l'avance "
                f"(jusqu'au {limit:%d/%m/%Y})."
            )
    return errors


def plan_dates(request: BookingRequest) -> Recurrence:
    """The days the request covers: one day, or every week until ``until`` minus closures."""
    calendar = calendar_for(request.resource.school)
    last_day = request.until or request.day
    days = closed_days(calendar, request.day, last_day)
    if request.until is None:
        closure = days.closure(request.day)
        if closure is not None:
            raise BookingRefused(
                f"L'établissement est fermé le {request.day:%d/%m/%Y} ({closure.label})."
            )
        if request.day.weekday() not in days.opening_days:
            raise BookingRefused(f"L'établissement est fermé le {request.day:%d/%m/%Y}.")
        return Recurrence([request.day], [])
    recurrence = weekly_dates(request.day, request.until, days)
    if len(recurrence.dates) + len(recurrence.skipped) > MAX_OCCURRENCES:
        raise BookingRefused("Une répétition hebdomadaire ne dépasse pas une année scolaire.")
    if not recurrence.dates:
        raise BookingRefused("Aucune date ouverte dans la période demandée.")
    return recurrence


def spans_of(request: BookingRequest, dates: list[date]) -> list[tuple[datetime, datetime]]:
    return [
        (local_datetime(day, request.start_time), local_datetime(day, request.end_time))
        for day in dates
    ]


def find_conflicts(resource: Resource, spans) -> list[Booking]:
    """Bookings holding any of the spans: one query whatever the number of occurrences."""
    overlaps = Q()
    for starts_at, ends_at in spans:
        overlaps |= Q(starts_at__lt=ends_at, ends_at__gt=starts_at)
    return list(
        Booking.objects.holding()
        .filter(resource=resource)
        .filter(overlaps)
        .select_related("booked_by", "resource")
        .order_by("starts_at")
    )


def initial_status(request: BookingRequest, capabilities) -> str:
    if perms.books_without_approval(request.user, request.resource, capabilities):
        return BookingStatus.CONFIRMEE
    return BookingStatus.EN_ATTENTE


def book(request: BookingRequest, capabilities, *, now: datetime | None = None) -> BookingResult:
    """Check the rules, then write the booking(s) — all or nothing, never a double booking."""
    errors = rule_errors(request, capabilities, now or timezone.now())
    if errors:
        raise BookingRefused(*errors)
    return with_write_lock(lambda: plan_and_write(request, capabilities))


def plan_and_write(request: BookingRequest, capabilities) -> BookingResult:
    recurrence = plan_dates(request)
    spans = spans_of(request, recurrence.dates)
    result = check_and_write(request, spans, initial_status(request, capabilities))
    result.skipped = recurrence.skipped
    return result


def check_and_write(request: BookingRequest, spans, status: str) -> BookingResult:
    try:
        with transaction.atomic():
            conflicts = find_conflicts(request.resource, spans)
            if conflicts:
                raise BookingConflict(conflicts)
            return write_bookings(request, spans, status)
    except IntegrityError as error:
        if NO_OVERLAP_CONSTRAINT in str(error):
            raise BookingConflict() from error
        raise


def with_write_lock(write, *, wait_seconds: float = 10.0):
    """Run ``write`` (one transaction), waiting while another SQLite writer holds the lock.

    A file database waits by itself (the connection's busy timeout), but an in-memory
    shared-cache database reports « table is locked » at once; in both cases the right answer
    is to wait for the other writer and check again, never to give up or skip the check.
    """
    deadline = time_module.monotonic() + wait_seconds
    while True:
        try:
            return write()
        except OperationalError as error:
            locked = connection.vendor == "sqlite" and "locked" in str(error)
            if not locked or time_module.monotonic() > deadline:
                raise
            time_module.sleep(0.02)


def write_bookings(request: BookingRequest, spans, status: str) -> BookingResult:
    resource = request.resource
    series = None
    if request.until is not None:
        series = BookingSeries.objects.create(
            school=resource.school,
            resource=resource,
            booked_by=request.user,
            purpose=request.purpose,
            start_time=request.start_time,
            end_time=request.end_time,
            first_date=request.day,
            until_date=request.until,
        )
    bookings = [
        Booking(
            school=resource.school,
            resource=resource,
            series=series,
            booked_by=request.user,
            purpose=request.purpose,
            starts_at=starts_at,
            ends_at=ends_at,
            status=status,
        )
        for starts_at, ends_at in spans
    ]
    if len(bookings) == 1:
        bookings[0].save()
    else:
        bookings = bulk_create_with_history(bookings, Booking, default_user=request.user)
    return BookingResult(bookings, series=series)


def cancel(booking: Booking, *, whole_series: bool = False) -> int:
    """Cancel one occurrence, or every occurrence of its series that has not started yet."""
    if whole_series and booking.series_id:
        targets = Booking.objects.filter(
            series_id=booking.series_id, starts_at__gte=timezone.now()
        ).holding()
    else:
        targets = Booking.objects.filter(pk=booking.pk).holding()
    count = 0
    for target in targets:
        target.status = BookingStatus.ANNULEE
        target.save(update_fields=["status"])
        count += 1
    return count


def decide(booking: Booking, user, *, approve: bool, note: str = "", whole_series=False) -> int:
    """Approve or refuse a waiting request (or every waiting occurrence of its series); a
    refusal frees the slots at once. Returns how many bookings were decided."""
    if booking.status != BookingStatus.EN_ATTENTE:
        raise BookingRefused("Cette demande a déjà été traitée.")
    targets = Booking.objects.filter(status=BookingStatus.EN_ATTENTE)
    if whole_series and booking.series_id:
        targets = targets.filter(series_id=booking.series_id)
    else:
        targets = targets.filter(pk=booking.pk)
    count = 0
    for target in targets:
        target.status = BookingStatus.CONFIRMEE if approve else BookingStatus.REFUSEE
        target.decided_by = user
        target.decided_at = timezone.now()
        target.decision_note = note
        target.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        count += 1
    return count
