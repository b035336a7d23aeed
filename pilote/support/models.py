"""Assistance requests, routed to whoever really answers for the thing that is broken.

Technical management is delegated to the collectivité, whose service centre handles the
schools' requests; the académie's assistance answers for national applications and digital
identities; what the school runs itself goes to the holder of the matching mission. The
recipient is decided once, when the request is filed (:mod:`pilote.support.routing`), and the
reason is stored with it so that everybody reads why it went there.
"""

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pilote.core.fields import optional_link, optional_user
from pilote.core.models import (
    Attachment,
    DetailPage,
    DueByDate,
    DueQuerySet,
    SchoolOwnedModel,
)

from .choices import AccountKind, Recipient, RequestCategory, RequestStatus


class SupportRequestQuerySet(DueQuerySet):
    def late(self, on=None) -> "SupportRequestQuerySet":
        """Open requests whose target date has passed: « en retard » in the assistance pages."""
        return self.overdue(on)

    def for_list(self) -> "SupportRequestQuerySet":
        return self.select_related(
            "school", "requester", "assignee", "equipment", "room", "school_service__service"
        )


class SupportRequest(DetailPage, DueByDate, SchoolOwnedModel):
    title = models.CharField("objet", max_length=160)
    description = models.TextField("description")
    category = models.CharField("catégorie", max_length=12, choices=RequestCategory.choices)
    equipment = optional_link("inventory.Equipment", "équipement", related_name="support_requests")
    room = optional_link("inventory.Room", "salle", related_name="support_requests")
    school_service = optional_link(
        "catalogue.SchoolService", "service", related_name="support_requests"
    )
    account_kind = models.CharField(
        "type de compte", max_length=12, choices=AccountKind.choices, blank=True
    )
    recipient = models.CharField("destinataire", max_length=14, choices=Recipient.choices)
    routing_reason = models.TextField("pourquoi ce destinataire")
    mission = optional_link(
        "missions.Mission", "mission concernée", related_name="support_requests"
    )
    status = models.CharField(
        "état", max_length=16, choices=RequestStatus.choices, default=RequestStatus.NOUVELLE
    )
    requester = optional_user("demandeur", related_name="support_requests", blank=False)
    assignee = optional_user("pris en charge par", related_name="assigned_support_requests")
    created_at = models.DateTimeField("déposée le", default=timezone.now)
    taken_at = models.DateTimeField("prise en charge le", null=True, blank=True)
    resolved_at = models.DateTimeField("résolue le", null=True, blank=True)
    closed_at = models.DateTimeField("close le", null=True, blank=True)
    target_days = models.PositiveSmallIntegerField("délai cible (jours ouvrés)")
    due_date = models.DateField("à traiter avant le")
    resolution_days = models.PositiveSmallIntegerField(
        "délai de résolution (jours ouvrés)", null=True, blank=True
    )

    objects = SupportRequestQuerySet.as_manager()

    detail_url_name = "support:request_detail"
    statuses = RequestStatus

    class Meta:
        verbose_name = "demande d'assistance"
        verbose_name_plural = "demandes d'assistance"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["school", "-created_at"]),
            models.Index(fields=["school", "recipient", "status"]),
            models.Index(fields=["recipient", "status", "due_date"]),
            models.Index(fields=["school", "equipment"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    @property
    def reference(self) -> str:
        return f"AS-{self.pk or 0:05d}"

    @property
    def is_late(self) -> bool:
        return self.is_overdue

    @property
    def subject(self):
        """The thing the request is about, for lists: equipment, room or service."""
        return self.equipment or self.school_service or self.room


class RequestComment(models.Model):
    """A message on a request; a status change is a comment that records the change."""

    request = models.ForeignKey(
        SupportRequest,
        verbose_name="demande",
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = optional_user("auteur", blank=False)
    body = models.TextField("message", blank=True)
    status_from = models.CharField(
        "état avant", max_length=16, choices=RequestStatus.choices, blank=True
    )
    status_to = models.CharField(
        "état après", max_length=16, choices=RequestStatus.choices, blank=True
    )
    created_at = models.DateTimeField("écrit le", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "commentaire"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["request", "created_at"])]

    def __str__(self) -> str:
        return f"{self.author or 'Pilote'} le {self.created_at:%d/%m/%Y %H:%M}"


class RequestAttachment(Attachment):
    request = models.ForeignKey(
        SupportRequest,
        verbose_name="demande",
        on_delete=models.CASCADE,
        related_name="attachments",
    )

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["uploaded_at", "pk"]

    def upload_path(self, filename: str) -> str:
        return f"assistance/{self.request.school.uai}/{self.request_id}/{filename}"
