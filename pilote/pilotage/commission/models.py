"""The commission numérique: who sits in it, its meetings, their agenda, minutes, decisions.

- :class:`CommissionMember` — a person sitting from a date to a date: a member of the school
  (``user``), an account of the collectivité (``user``) or a guest known by name only.
- :class:`Meeting` — a dated meeting; its agenda (:class:`AgendaItem`) is proposed from the
  data since the previous meeting and its figures are frozen when the convocation is sent.
- :class:`Decision` — taken on an agenda item; may have become an action of the plan.
- :class:`Minutes` — versions of the minutes; an approved version is read-only and keeps a
  copy of what it approved (``content``); a correction is a new version.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from pilote.core.fields import optional_link, optional_user
from pilote.core.models import DetailPage, SchoolOwnedModel, SchoolScopedQuerySet

from .choices import CommissionRole, ItemKind, MeetingStatus, MemberKind, MinutesStatus


class CommissionMemberQuerySet(SchoolScopedQuerySet):
    def active(self, on=None):
        day = on or timezone.localdate()
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=day)
        )


class CommissionMember(SchoolOwnedModel):
    kind = models.CharField("type de membre", max_length=16, choices=MemberKind.choices)
    user = optional_user("compte Pilote", related_name="commission_seats", on_delete=models.PROTECT)
    name = models.CharField("nom", max_length=150, blank=True)
    organisation = models.CharField("organisme", max_length=150, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    role = models.CharField(
        "rôle dans la commission", max_length=16, choices=CommissionRole.choices
    )
    start_date = models.DateField("membre depuis", default=timezone.localdate)
    end_date = models.DateField("jusqu'au", null=True, blank=True)

    objects = CommissionMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "membre de la commission numérique"
        verbose_name_plural = "membres de la commission numérique"
        ordering = ["role", "name", "pk"]
        indexes = [models.Index(fields=["school", "end_date"])]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()})"

    @property
    def display_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.username
        return self.name

    @property
    def contact_email(self) -> str:
        return self.user.email if self.user_id else self.email

    @property
    def organisation_label(self) -> str:
        if self.kind == MemberKind.SCHOOL:
            return self.school.name
        if self.kind == MemberKind.COLLECTIVITE and not self.organisation:
            return str(self.school.collectivite or "")
        return self.organisation

    def is_active_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date > day)


class MeetingQuerySet(SchoolScopedQuerySet):
    def held(self, now=None):
        """Meetings that took place: minutes approved (« tenue »), or convened and past."""
        return self.filter(
            status__in=[MeetingStatus.HELD, MeetingStatus.CONVENED],
            starts_at__lte=now or timezone.now(),
        ).order_by("-starts_at")

    def upcoming(self, now=None):
        return self.filter(
            status__in=[MeetingStatus.DRAFT, MeetingStatus.CONVENED],
            starts_at__gte=now or timezone.now(),
        ).order_by("starts_at")


class Meeting(DetailPage, SchoolOwnedModel):
    starts_at = models.DateTimeField("date et heure")
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)", default=90)
    location = models.CharField("lieu", max_length=200, blank=True)
    status = models.CharField(
        "état", max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    convened_at = models.DateTimeField("convocation envoyée le", null=True, blank=True)
    # Each new sending of the convocation (changed date…) updates the calendars' event.
    ics_sequence = models.PositiveSmallIntegerField(default=0, editable=False)
    created_by = optional_user()
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    detail_url_name = "pilotage:commission_meeting"

    class Meta:
        verbose_name = "réunion de la commission numérique"
        verbose_name_plural = "réunions de la commission numérique"
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["school", "status", "starts_at"])]

    def __str__(self) -> str:
        return f"Commission numérique du {self.day_label}"

    @property
    def day_label(self) -> str:
        return date_format(timezone.localtime(self.starts_at), "j F Y")

    @property
    def is_past(self) -> bool:
        return self.starts_at < timezone.now()

    @property
    def agenda_frozen(self) -> bool:
        return self.convened_at is not None

    def previous(self):
        return (
            Meeting.objects.filter(school_id=self.school_id, starts_at__lt=self.starts_at)
            .exclude(status=MeetingStatus.CANCELLED)
            .exclude(pk=self.pk)
            .order_by("-starts_at")
            .first()
        )

    def current_minutes(self):
        return self.minutes.order_by("-version").first()


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name="réunion", on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField("ordre", default=1)
    kind = models.CharField("type", max_length=16, choices=ItemKind.choices, default=ItemKind.FREE)
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("présentation", blank=True)
    # [{"label": …, "value": "12,5 %", "detail": "…", "status": "alert"}], frozen at sending.
    figures = models.JSONField("chiffres", default=list, blank=True)
    frozen_at = models.DateTimeField("chiffres arrêtés le", null=True, blank=True)
    notes = models.TextField("relevé des échanges", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "ordre du jour"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Decision(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name="réunion", on_delete=models.CASCADE, related_name="decisions"
    )
    item = optional_link(AgendaItem, "point de l'ordre du jour", related_name="decisions")
    text = models.TextField("décision")
    action = optional_link(
        "pilotage.Action", "action du plan", related_name="commission_decision", one_to_one=True
    )
    created_at = models.DateTimeField("enregistrée le", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "décision de la commission"
        verbose_name_plural = "décisions de la commission"
        ordering = ["meeting", "item__order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#decision-{self.pk}"


class Minutes(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name="réunion", on_delete=models.CASCADE, related_name="minutes"
    )
    version = models.PositiveSmallIntegerField("version", default=1)
    status = models.CharField(
        "état", max_length=12, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    summary = models.TextField("observations générales", blank=True)
    present = models.ManyToManyField(
        CommissionMember, verbose_name="membres présents", blank=True, related_name="+"
    )
    correction_reason = models.CharField("objet de la correction", max_length=300, blank=True)
    # What the head approved, as approved: the page and the PDF of this version read it.
    content = models.JSONField("contenu approuvé", default=dict, blank=True)
    approved_at = models.DateTimeField("approuvé le", null=True, blank=True)
    approved_by = optional_user()
    sent_at = models.DateTimeField("envoyé aux membres le", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "compte rendu de la commission"
        verbose_name_plural = "comptes rendus de la commission"
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_unique_version")
        ]

    def __str__(self) -> str:
        return f"Compte rendu de la {self.meeting} (version {self.version})"

    @property
    def is_approved(self) -> bool:
        return self.status != MinutesStatus.DRAFT
