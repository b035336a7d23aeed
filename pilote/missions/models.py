"""Missions, delegations and the RRUPN's lettre de mission.

The head stays legally responsible for the school's online services, ENT included; what he can
hand over is a *mission*, by delegation, to a named person for a given period. A mission comes
from the versioned referential (``school`` empty, shared by every school) or is the school's
own. A delegation is never rewritten to say someone else holds the mission: it gets an end
date and a new delegation starts, so the rows themselves tell who held what, when.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pilote.core.fields import optional_link
from pilote.core.models import (
    Attachment,
    DetailPage,
    School,
    SchoolOwnedModel,
    SchoolScopedQuerySet,
)

from .choices import DelegationRank, DelegationState, ImpRate, LetterStatus, MissionAxis


class MissionQuerySet(SchoolScopedQuerySet):
    def available_to(self, school) -> "MissionQuerySet":
        """The referential's missions plus the school's own, active ones only."""
        return self.filter(Q(school__isnull=True) | Q(school=school), is_active=True)

    def referential(self) -> "MissionQuerySet":
        return self.filter(school__isnull=True)


class Mission(models.Model):
    school = optional_link(
        School,
        "établissement",
        related_name="missions",
        on_delete=models.CASCADE,
        help_text="Vide pour une mission du référentiel, commune à tous les établissements.",
    )
    code = models.SlugField("code", max_length=40)
    label = models.CharField("intitulé", max_length=160)
    description = models.TextField("description", blank=True)
    axis = models.CharField(
        "axe", max_length=16, choices=MissionAxis.choices, default=MissionAxis.CONSEIL
    )
    grants = models.JSONField(
        "droits accordés dans Pilote",
        default=list,
        blank=True,
        help_text="Codes de MissionGrant : ce que le titulaire peut faire en plus de son rôle.",
    )
    order = models.PositiveSmallIntegerField("ordre", default=100)
    is_active = models.BooleanField("active", default=True)
    referential_version = models.CharField("version du référentiel", max_length=20, blank=True)
    history = HistoricalRecords()

    objects = MissionQuerySet.as_manager()

    class Meta:
        verbose_name = "mission"
        ordering = ["order", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(school__isnull=True),
                name="unique_referential_mission_code",
            ),
            models.UniqueConstraint(fields=["school", "code"], name="unique_school_mission_code"),
        ]
        indexes = [models.Index(fields=["school", "is_active", "order"])]

    def __str__(self) -> str:
        return self.label

    @property
    def is_referential(self) -> bool:
        return self.school_id is None

    def grant_labels(self) -> list[str]:
        from .choices import MissionGrant

        return [MissionGrant(code).label for code in self.grants if code in MissionGrant.values]


class DelegationQuerySet(SchoolScopedQuerySet):
    def active(self, on=None) -> "DelegationQuerySet":
        """Delegations in force on ``on`` (today by default): started, and not yet ended."""
        day = on or timezone.localdate()
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )

    def expired(self, on=None) -> "DelegationQuerySet":
        day = on or timezone.localdate()
        return self.filter(end_date__lt=day)

    def upcoming(self, on=None) -> "DelegationQuerySet":
        day = on or timezone.localdate()
        return self.filter(start_date__gt=day)

    def holding(self, school, mission_code: str) -> "DelegationQuerySet":
        """Delegations of ``school`` for the mission ``mission_code`` (chain after ``active()``
        to get today's holders)."""
        return self.for_school(school).filter(mission__code=mission_code)

    def of_school(self, school) -> "DelegationQuerySet":
        return self.for_school(school).select_related("school", "mission", "holder")


class Delegation(DetailPage, SchoolOwnedModel):
    """One person holding one mission for one school, from one date to another."""

    mission = models.ForeignKey(
        Mission, verbose_name="mission", on_delete=models.PROTECT, related_name="delegations"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="titulaire",
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    rank = models.CharField(
        "importance",
        max_length=12,
        choices=DelegationRank.choices,
        default=DelegationRank.PRINCIPALE,
    )
    start_date = models.DateField("début", default=timezone.localdate)
    end_date = models.DateField(
        "fin", null=True, blank=True, help_text="Vide : jusqu'à nouvel ordre."
    )
    letter = optional_link("MissionLetter", "lettre de mission", related_name="delegations")
    notes = models.TextField("précisions", blank=True)

    objects = DelegationQuerySet.as_manager()

    detail_url_name = "missions:delegation_detail"

    class Meta:
        verbose_name = "délégation"
        ordering = ["mission__order", "mission__label", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="delegation_end_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["school", "mission", "end_date"]),
            models.Index(fields=["school", "holder", "end_date"]),
            models.Index(fields=["school", "-start_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.mission} — {self.holder}"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "La fin ne peut pas précéder le début."})
        if (
            self.mission_id
            and self.school_id
            and self.mission.school_id
            not in (
                None,
                self.school_id,
            )
        ):
            raise ValidationError({"mission": "Cette mission appartient à un autre établissement."})

    def state(self, on=None) -> str:
        day = on or timezone.localdate()
        if self.start_date > day:
            return DelegationState.A_VENIR
        if self.end_date is not None and self.end_date < day:
            return DelegationState.TERMINEE
        return DelegationState.EN_COURS

    def get_state_display(self) -> str:
        return DelegationState(self.state()).label


class MissionLetter(DetailPage, SchoolOwnedModel):
    """The RRUPN's lettre de mission (décret 2015-475).

    Written and signed by the head, ideally with the referent; it states the period, the
    missions (read from the referent's delegations, so the letter and the matrix never
    disagree), the expected competences, the evaluation indicators, the resources provided and
    the IMP. After the conseil pédagogique's advice it is presented to the conseil
    d'administration: both dates are kept.
    """

    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="référent",
        on_delete=models.PROTECT,
        related_name="mission_letters",
    )
    school_year = models.CharField(
        "année scolaire", max_length=9, help_text="Par exemple 2025-2026."
    )
    start_date = models.DateField("début de la mission")
    end_date = models.DateField("fin de la mission")
    imp_rate = models.CharField(
        "taux d'IMP", max_length=4, choices=ImpRate.choices, default=ImpRate.UNE
    )
    service_reduction = models.CharField(
        "allègement de service",
        max_length=120,
        blank=True,
        help_text="Si la mission est compensée par un allègement plutôt que par l'IMP.",
    )
    indicators = models.JSONField(
        "indicateurs d'évaluation",
        default=list,
        blank=True,
        help_text="Codes des indicateurs du tableau de bord retenus pour évaluer l'action.",
    )
    resources = models.TextField(
        "moyens mis à disposition",
        blank=True,
        help_text="Matériel, téléphone, bureau, temps de concertation…",
    )
    trainings = models.TextField(
        "formations", blank=True, help_text="Participation aux formations de la DRANE et de l'EAFC."
    )
    conseil_pedagogique_date = models.DateField(
        "avis du conseil pédagogique", null=True, blank=True
    )
    conseil_administration_date = models.DateField(
        "présentation au conseil d'administration", null=True, blank=True
    )
    status = models.CharField(
        "état", max_length=10, choices=LetterStatus.choices, default=LetterStatus.BROUILLON
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    detail_url_name = "missions:letter_detail"

    class Meta:
        verbose_name = "lettre de mission"
        verbose_name_plural = "lettres de mission"
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="letter_end_after_start",
            )
        ]
        indexes = [models.Index(fields=["school", "-start_date"])]

    def __str__(self) -> str:
        return f"Lettre de mission {self.school_year} — {self.referent}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "La fin ne peut pas précéder le début."})

    @property
    def imp_amount(self):
        return ImpRate.annual_amount(self.imp_rate)

    def covered_delegations(self) -> DelegationQuerySet:
        """The referent's delegations in this school that overlap the letter's period."""
        return (
            Delegation.objects.for_school(self.school)
            .filter(holder=self.referent, start_date__lte=self.end_date)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
            .select_related("mission")
            .order_by("rank", "mission__order", "mission__label")
        )


class SignedLetter(Attachment):
    """A signed (scanned) version of a lettre de mission; several may follow one another."""

    letter = models.ForeignKey(
        MissionLetter,
        verbose_name="lettre de mission",
        on_delete=models.CASCADE,
        related_name="signed_versions",
    )

    class Meta:
        verbose_name = "version signée"
        verbose_name_plural = "versions signées"
        ordering = ["-uploaded_at", "-pk"]

    def upload_path(self, filename: str) -> str:
        return f"missions/{self.letter.school.uai}/lettres/{self.letter_id}/{filename}"
