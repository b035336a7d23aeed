"""Réservations et prêts: the school calendar, bookable resources, bookings, loans, feeds.

The source text names « la réservation et la maintenance des équipements, mobiles en
particulier » among the missions a head delegates, and asks the head to follow the occupancy
rate of the computer rooms and the loan rate of mobile equipment to guide deployment by real
use. Bookings therefore name a Parc room or device, never a free-text resource, so that the
rates speak of the school's real equipment.
"""

import hashlib
import secrets
from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pilote.core.fields import optional_link, optional_user
from pilote.core.models import (
    OnePerSchoolModel,
    School,
    SchoolOwnedModel,
    SchoolScopedModel,
    SchoolScopedQuerySet,
)

from .choices import (
    BookingStatus,
    BorrowerKind,
    ClosureKind,
    ResourceKind,
    ReturnCondition,
    Zone,
)

WEEKDAY_NAMES = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def default_opening_days() -> list[int]:
    return [0, 1, 2, 3, 4]


class SchoolCalendar(OnePerSchoolModel):
    """The school's week: its zone (which holidays apply) and the weekdays it opens.

    Created on first use with the zone of the school's académie and the national holidays
    of that zone (see ``calendar.calendar_for``); the school then edits what differs.
    """

    school = models.OneToOneField(
        School,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="booking_calendar",
    )
    zone = models.CharField("zone de vacances", max_length=1, choices=Zone.choices)
    opening_days = models.JSONField(
        "jours d'ouverture",
        default=default_opening_days,
        help_text="Jours de la semaine où l'établissement accueille les élèves (0 = lundi).",
    )

    class Meta:
        verbose_name = "calendrier de l'établissement"
        verbose_name_plural = "calendriers des établissements"

    def __str__(self) -> str:
        return f"Calendrier — {self.school} ({self.get_zone_display()})"

    @property
    def opening_day_names(self) -> str:
        return ", ".join(WEEKDAY_NAMES[day] for day in sorted(self.opening_days))


class TimeSlot(SchoolOwnedModel):
    """One period of the school timetable (M1…M4, S1…S4): bookings are made slot by slot."""

    code = models.CharField("code", max_length=10, help_text="Par exemple M1 ou S3.")
    start_time = models.TimeField("début")
    end_time = models.TimeField("fin")

    class Meta:
        verbose_name = "créneau horaire"
        verbose_name_plural = "créneaux horaires"
        ordering = ["start_time", "code"]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="bookings_slot_unique_code"),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="bookings_slot_order"
            ),
        ]
        indexes = [models.Index(fields=["school", "start_time"])]

    def __str__(self) -> str:
        return f"{self.code} ({self.start_time:%H:%M}–{self.end_time:%H:%M})"

    def clean(self) -> None:
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "La fin du créneau doit suivre son début."})

    @property
    def minutes(self) -> int:
        start = datetime.combine(datetime.min, self.start_time)
        return int((datetime.combine(datetime.min, self.end_time) - start).total_seconds() // 60)


class ClosedPeriodQuerySet(SchoolScopedQuerySet):
    def overlapping(self, first_day, last_day) -> "ClosedPeriodQuerySet":
        return self.filter(start_date__lte=last_day, end_date__gte=first_day)


class ClosedPeriod(SchoolOwnedModel):
    """Days without pupils: holidays of the zone, public holidays, bridges, local closures.

    Recurring bookings skip them and occupancy rates do not count them as open hours.
    """

    kind = models.CharField("nature", max_length=10, choices=ClosureKind.choices)
    label = models.CharField("libellé", max_length=120)
    start_date = models.DateField("premier jour")
    end_date = models.DateField("dernier jour")
    school_year = models.CharField("année scolaire", max_length=9, blank=True)
    to_confirm = models.BooleanField(
        "à confirmer",
        default=False,
        help_text="Date prévisionnelle, à vérifier sur le calendrier officiel.",
    )

    objects = ClosedPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = "période de fermeture"
        verbose_name_plural = "vacances et jours fériés"
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="bookings_closed_order"
            )
        ]
        indexes = [models.Index(fields=["school", "start_date", "end_date"])]

    def __str__(self) -> str:
        if self.start_date == self.end_date:
            return f"{self.label} ({self.start_date:%d/%m/%Y})"
        return f"{self.label} ({self.start_date:%d/%m/%Y} – {self.end_date:%d/%m/%Y})"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "Le dernier jour ne peut pas précéder le premier."})


class Resource(SchoolOwnedModel):
    """A Parc room or device made bookable, with its booking rules.

    Exactly one of ``room`` and ``equipment`` is set. The rules answer what a school head
    decides for each resource: who may book it (roles; nobody listed means every member who
    may book), how long a booking may last, how far ahead, whether a request must be approved,
    and by whom (when nobody is named: the holder of the mission « équipements mobiles », else
    the head).
    """

    name = models.CharField("nom", max_length=120)
    kind = models.CharField("type de ressource", max_length=20, choices=ResourceKind.choices)
    room = optional_link(
        "inventory.Room",
        "salle du parc",
        related_name="booking_resources",
        on_delete=models.CASCADE,
    )
    equipment = optional_link(
        "inventory.Equipment",
        "équipement du parc",
        related_name="booking_resources",
        on_delete=models.CASCADE,
    )
    description = models.TextField("consignes", blank=True)
    allowed_roles = models.JSONField(
        "rôles autorisés à réserver",
        default=list,
        blank=True,
        help_text="Aucun rôle coché : tous les membres qui peuvent réserver.",
    )
    max_duration_minutes = models.PositiveIntegerField(
        "durée maximale d'une réservation (minutes)", null=True, blank=True
    )
    horizon_days = models.PositiveIntegerField(
        "réservable jusqu'à (jours à l'avance)",
        null=True,
        blank=True,
        help_text="Vide : sans limite.",
    )
    requires_approval = models.BooleanField("réservation soumise à validation", default=False)
    approver = optional_user(
        "valideur désigné",
        help_text="Vide : le titulaire de la mission « équipements mobiles », "
        "à défaut le chef d'établissement.",
    )
    is_active = models.BooleanField("réservable", default=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "ressource réservable"
        verbose_name_plural = "ressources réservables"
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(room__isnull=False, equipment__isnull=True)
                | Q(room__isnull=True, equipment__isnull=False),
                name="bookings_resource_room_or_equipment",
            ),
            models.UniqueConstraint(
                fields=["room"], condition=Q(room__isnull=False), name="bookings_one_per_room"
            ),
            models.UniqueConstraint(
                fields=["equipment"],
                condition=Q(equipment__isnull=False),
                name="bookings_one_per_equipment",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "kind", "name"]),
            models.Index(fields=["school", "is_active"]),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if bool(self.room_id) == bool(self.equipment_id):
            raise ValidationError(
                "Choisissez une salle ou un équipement du parc (un seul des deux)."
            )


class BookingSeries(SchoolOwnedModel):
    """A weekly booking « every Tuesday M3 until June »: cancelling the series cancels every
    occurrence still to come, past ones stay as the record of what happened."""

    resource = models.ForeignKey(
        Resource, verbose_name="ressource", on_delete=models.CASCADE, related_name="series"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="réservée par",
        on_delete=models.PROTECT,
        related_name="booking_series",
    )
    purpose = models.CharField("objet", max_length=200)
    start_time = models.TimeField("début")
    end_time = models.TimeField("fin")
    first_date = models.DateField("première date")
    until_date = models.DateField("jusqu'au")
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "série de réservations"
        verbose_name_plural = "séries de réservations"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["school", "resource"])]

    def __str__(self) -> str:
        weekday = WEEKDAY_NAMES[self.first_date.weekday()]
        return (
            f"{self.resource} — chaque {weekday} {self.start_time:%H:%M}–{self.end_time:%H:%M}"
            f" jusqu'au {self.until_date:%d/%m/%Y}"
        )


class BookingQuerySet(SchoolScopedQuerySet):
    def holding(self) -> "BookingQuerySet":
        return self.filter(status__in=BookingStatus.holding())

    def confirmed(self) -> "BookingQuerySet":
        return self.filter(status=BookingStatus.CONFIRMEE)

    def overlapping(self, starts_at, ends_at) -> "BookingQuerySet":
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class Booking(SchoolOwnedModel):
    """One booking of one resource for one time span.

    No double booking, ever: two bookings that hold the slot (waiting or confirmed) never
    overlap on the same resource. On PostgreSQL an exclusion constraint (migration 0002)
    enforces it in the database; on SQLite the check runs inside a transaction that takes the
    write lock first (``transaction_mode=IMMEDIATE``), so two requests are serialised.
    """

    resource = models.ForeignKey(
        Resource, verbose_name="ressource", on_delete=models.CASCADE, related_name="bookings"
    )
    series = optional_link(BookingSeries, "série", related_name="bookings")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="réservée par",
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    purpose = models.CharField("objet", max_length=200)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    status = models.CharField(
        "statut", max_length=10, choices=BookingStatus.choices, default=BookingStatus.CONFIRMEE
    )
    decided_by = optional_user("décidée par")
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decision_note = models.CharField("motif de la décision", max_length=200, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = "réservation"
        verbose_name_plural = "réservations"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="bookings_booking_order"
            )
        ]
        indexes = [
            models.Index(fields=["resource", "starts_at"]),
            models.Index(fields=["school", "starts_at"]),
            models.Index(fields=["booked_by", "starts_at"]),
            models.Index(fields=["school", "status"]),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        return f"{self.resource} — {local:%d/%m/%Y %H:%M}–{end:%H:%M}"

    @property
    def is_holding(self) -> bool:
        return self.status in BookingStatus.holding()

    @property
    def is_future(self) -> bool:
        return self.ends_at > timezone.now()


FEED_TOKEN_BYTES = 32


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeedQuerySet(SchoolScopedQuerySet):
    def active(self) -> "CalendarFeedQuerySet":
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(SchoolScopedModel):
    """A secret iCalendar address: a person's bookings, or one resource's bookings.

    The address is read by calendar applications that cannot log in, so the token is the
    only key: 256 random bits, stored hashed (a copy of the database does not give the
    addresses away), shown once, revocable at any time. A feed of a person shows only that
    person's bookings; a feed of a resource shows its bookings without the names of those who
    booked (the address may end up in a shared calendar).
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="titulaire",
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    resource = optional_link(Resource, "ressource", related_name="feeds", on_delete=models.CASCADE)
    token_hash = models.CharField("empreinte du jeton", max_length=64, unique=True)
    token_hint = models.CharField("début du jeton", max_length=6)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    last_read_at = models.DateTimeField("dernière lecture", null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_read_at"])

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = "lien d'agenda"
        verbose_name_plural = "liens d'agenda"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["school", "owner", "revoked_at"])]

    def __str__(self) -> str:
        target = self.resource or self.owner
        return f"Agenda — {target} ({self.token_hint}…)"

    @classmethod
    def issue(cls, *, school, owner, resource=None) -> tuple["CalendarFeed", str]:
        """Create a feed and return it with its token (the only time the token is known)."""
        token = secrets.token_urlsafe(FEED_TOKEN_BYTES)
        feed = cls.objects.create(
            school=school,
            owner=owner,
            resource=resource,
            token_hash=hash_token(token),
            token_hint=token[:6],
        )
        return feed, token

    @classmethod
    def find(cls, token: str) -> "CalendarFeed | None":
        """The feed of ``token``, while its owner may still see the school's bookings: a
        feed stops the day its owner's role ends, without waiting for the purge."""
        from pilote.core.choices import Domain
        from pilote.core.permissions import capabilities_for

        feed = (
            cls.objects.active()
            .select_related("school", "owner", "resource")
            .filter(token_hash=hash_token(token))
            .first()
        )
        if feed is None or not capabilities_for(feed.owner, feed.school).can(Domain.RESERVATIONS):
            return None
        return feed


class LoanQuerySet(SchoolScopedQuerySet):
    def open(self) -> "LoanQuerySet":
        return self.filter(returned_on__isnull=True)

    def overdue(self, on=None) -> "LoanQuerySet":
        return self.open().filter(due_on__lt=on or timezone.localdate())


class Loan(SchoolOwnedModel):
    """A device lent to a pupil or a staff member (laptops for continuity, a camera…).

    A loan needs the date on which the borrower (or the guardian, for a pupil) accepted the
    charter: the device leaves the school under the charter's rules. A device is lent to one
    person at a time (a unique constraint over open loans).
    """

    equipment = models.ForeignKey(
        "inventory.Equipment",
        verbose_name="équipement",
        on_delete=models.PROTECT,
        related_name="loans",
    )
    borrower_kind = models.CharField("emprunteur", max_length=10, choices=BorrowerKind.choices)
    pupil = optional_link("schooldata.Pupil", "élève", related_name="loans")
    staff_member = optional_link("schooldata.StaffMember", "personnel", related_name="loans")
    borrower_name = models.CharField(
        "nom de l'emprunteur",
        max_length=200,
        blank=True,
        help_text="Rempli d'après l'élève ou le personnel choisi ; à saisir sinon.",
    )
    contact_email = models.EmailField(
        "courriel pour les rappels",
        blank=True,
        help_text="Adresse de l'emprunteur (ou du responsable légal) qui reçoit les rappels.",
    )
    charter_accepted_on = models.DateField("charte acceptée le")
    checked_out_on = models.DateField("prêté le", default=timezone.localdate)
    due_on = models.DateField("à rendre le")
    returned_on = models.DateField("rendu le", null=True, blank=True)
    return_condition = models.CharField(
        "état au retour", max_length=14, choices=ReturnCondition.choices, blank=True
    )
    return_notes = models.CharField("remarques au retour", max_length=300, blank=True)
    lent_by = optional_user("prêté par")
    last_reminder_on = models.DateField("dernier rappel", null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField("rappels envoyés", default=0)

    objects = LoanQuerySet.as_manager()

    class Meta:
        verbose_name = "prêt"
        verbose_name_plural = "prêts"
        ordering = ["-checked_out_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["equipment"],
                condition=Q(returned_on__isnull=True),
                name="bookings_one_open_loan_per_device",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("checked_out_on")), name="bookings_loan_due_order"
            ),
        ]
        indexes = [
            models.Index(fields=["school", "returned_on", "due_on"]),
            models.Index(fields=["school", "checked_out_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.equipment} — {self.borrower_name}"

    def clean(self) -> None:
        errors = {}
        if self.checked_out_on and self.due_on and self.due_on < self.checked_out_on:
            errors["due_on"] = "La date de retour prévue précède la date du prêt."
        if self.returned_on and self.checked_out_on and self.returned_on < self.checked_out_on:
            errors["returned_on"] = "Le retour ne peut pas précéder le prêt."
        charter, lent = self.charter_accepted_on, self.checked_out_on
        if charter and lent and charter > lent:
            errors["charter_accepted_on"] = (
                "La charte doit être acceptée au plus tard le jour du prêt."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.returned_on is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()

    @property
    def days_overdue(self) -> int:
        return (timezone.localdate() - self.due_on).days if self.is_overdue else 0


def local_datetime(day, moment: time) -> datetime:
    """An aware datetime in the school's time zone (Europe/Paris) from a date and a time."""
    return timezone.make_aware(datetime.combine(day, moment))
