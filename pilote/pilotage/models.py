"""Pilotage: the indicators' history, the volet numérique and the plan d'actions.

The history keeps, for each school and indicator, the value in force from a given day: a row
is written only on the days the value changes (a value that stays the same for a month costs
one row, not thirty), so reading « the value on a day » is one index probe — the last row on
or before that day — whatever the length of the history.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from pilote.core.fields import optional_link, optional_user
from pilote.core.metrics import Milestone, SchoolTarget, format_value, month_year, registry
from pilote.core.models import (
    DetailPage,
    DueByDate,
    DueQuerySet,
    SchoolOwnedModel,
    SchoolScopedModel,
    SchoolScopedQuerySet,
)
from pilote.core.schoolyear import school_year_of

from .choices import ActionStatus, VoletStatus


class IndicatorRecord(SchoolScopedModel):
    """The value of one indicator of one school from ``day`` on (until the next row)."""

    pk = models.CompositePrimaryKey("school", "code", "day")
    code = models.CharField("indicateur", max_length=60)
    day = models.DateField("date")
    value = models.FloatField("valeur", null=True)

    class Meta:
        verbose_name = "valeur relevée"
        verbose_name_plural = "historique des indicateurs"

    def __str__(self) -> str:
        return f"{self.code} = {self.value} le {self.day:%d/%m/%Y}"


# --- Volet numérique du projet d'établissement ---------------------------------------------

MIN_AXES, MAX_AXES = 3, 6


class VoletQuerySet(SchoolScopedQuerySet):
    def in_force(self, on):
        """Volets whose period covers the school year of ``on`` and not replaced."""
        year = school_year_of(on)
        return self.filter(start_year__lte=year, end_year__gt=year).exclude(
            status=VoletStatus.REPLACED
        )


class Volet(DetailPage, SchoolOwnedModel):
    """The digital part of a school's projet d'établissement for a period (« 2025-2028 »).

    A volet is versioned: revising an adopted volet makes a new version (a copy of its axes,
    objectives and targets) that is prepared, presented and adopted in turn, the previous one
    then reading « remplacé ». The targets in force are those of the adopted version, else of
    the draft (shown as « volet en préparation »).
    """

    start_year = models.PositiveSmallIntegerField(
        "première année", help_text="Année de la rentrée où le volet commence (ex. : 2025)."
    )
    end_year = models.PositiveSmallIntegerField(
        "dernière année",
        help_text="Année où le volet s'achève, en juin (ex. : 2028).",
    )
    version = models.PositiveSmallIntegerField("version", default=1)
    title = models.CharField(
        "titre", max_length=200, default="Volet numérique du projet d'établissement"
    )
    summary = models.TextField("ambition et diagnostic", blank=True)
    status = models.CharField(
        "état", max_length=12, choices=VoletStatus.choices, default=VoletStatus.DRAFT
    )
    conseil_pedagogique_date = models.DateField(
        "présentation au conseil pédagogique", null=True, blank=True
    )
    conseil_administration_date = models.DateField(
        "adoption par le conseil d'administration", null=True, blank=True
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = VoletQuerySet.as_manager()

    detail_url_name = "pilotage:volet_detail"

    class Meta:
        verbose_name = "volet numérique"
        verbose_name_plural = "volets numériques"
        ordering = ["-start_year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "start_year", "version"], name="volet_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"Volet numérique {self.period} (version {self.version})"

    @property
    def period(self) -> str:
        return f"{self.start_year}-{self.end_year}"

    @property
    def is_draft(self) -> bool:
        return self.status != VoletStatus.ADOPTED


class Axis(models.Model):
    volet = models.ForeignKey(
        Volet, verbose_name="volet", on_delete=models.CASCADE, related_name="axes"
    )
    order = models.PositiveSmallIntegerField("ordre", default=1)
    title = models.CharField("intitulé de l'axe", max_length=200)
    description = models.TextField("description", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "axe"
        verbose_name_plural = "axes"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"Axe {self.order} : {self.title}"


class Objective(models.Model):
    axis = models.ForeignKey(
        Axis, verbose_name="axe", on_delete=models.CASCADE, related_name="objectives"
    )
    order = models.PositiveSmallIntegerField("ordre", default=1)
    title = models.CharField("objectif", max_length=200)
    description = models.TextField("description", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "objectif"
        verbose_name_plural = "objectifs"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    """The school's own target on one registry indicator, with its deadline."""

    objective = models.ForeignKey(
        Objective, verbose_name="objectif", on_delete=models.CASCADE, related_name="targets"
    )
    code = models.CharField("indicateur", max_length=60)
    value = models.FloatField("valeur visée")
    deadline = models.DateField("échéance")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "cible"
        verbose_name_plural = "cibles"
        ordering = ["deadline", "code"]

    def __str__(self) -> str:
        indicator = registry.by_code.get(self.code)
        label = indicator.label if indicator else self.code
        return f"{label} : {self.describe()}"

    @property
    def indicator(self):
        return registry.by_code.get(self.code)

    def as_school_target(self, draft: bool) -> SchoolTarget:
        return SchoolTarget(
            value=self.value,
            deadline=self.deadline,
            milestones=tuple(Milestone(m.day, m.value) for m in self.milestones.all()),
            draft=draft,
        )

    def describe(self) -> str:
        unit = self.indicator.unit if self.indicator else "count"
        return f"{format_value(self.value, unit)} en {month_year(self.deadline)}"


class TargetMilestone(models.Model):
    """An optional yearly step before the deadline (« 75 % en juin 2026 »)."""

    target = models.ForeignKey(
        Target, verbose_name="cible", on_delete=models.CASCADE, related_name="milestones"
    )
    day = models.DateField("date du jalon")
    value = models.FloatField("valeur du jalon")

    class Meta:
        verbose_name = "jalon"
        verbose_name_plural = "jalons"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.value} au {self.day:%d/%m/%Y}"


# --- Plan d'actions ------------------------------------------------------------------------


class Action(DetailPage, DueByDate, SchoolOwnedModel):
    """One step of the plan d'actions: who does what, by when, with what, to serve what.

    SELFIE's action plan, in Pilote's words: priorities (the volet's objectives), actions with
    an owner, dates, resources and a success criterion, dated follow-up notes, an evaluation.
    Another module may turn one of its decisions into an action (``source``): see
    :func:`pilote.pilotage.actions.create_action`.
    """

    title = models.CharField("action", max_length=200)
    description = models.TextField("description", blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="responsable",
        on_delete=models.PROTECT,
        related_name="pilotage_actions",
    )
    involved = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="autres personnes impliquées",
        blank=True,
        related_name="pilotage_actions_involved",
    )
    start_date = models.DateField("début", null=True, blank=True)
    due_date = models.DateField("échéance")
    status = models.CharField(
        "état", max_length=12, choices=ActionStatus.choices, default=ActionStatus.TODO
    )
    objective = optional_link(Objective, "objectif du volet servi", related_name="actions")
    indicators = models.JSONField("indicateurs servis", default=list, blank=True)
    success_criterion = models.TextField("critère de réussite", blank=True)
    resources = models.TextField("moyens", blank=True)
    budget = models.DecimalField(
        "budget (€)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(
        "origine",
        max_length=200,
        blank=True,
        help_text="Ce qui a fait naître l'action (décision de la commission, plan de continuité…).",
    )
    source_url = models.CharField("lien vers l'origine", max_length=300, blank=True)
    completed_on = models.DateField("réalisée le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = DueQuerySet.as_manager()

    detail_url_name = "pilotage:action_detail"
    statuses = ActionStatus

    class Meta:
        verbose_name = "action"
        verbose_name_plural = "plan d'actions"
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["school", "status", "due_date"])]

    def __str__(self) -> str:
        return self.title


class ActionNote(models.Model):
    """A dated follow-up note on an action (« point d'étape »)."""

    action = models.ForeignKey(
        Action, verbose_name="action", on_delete=models.CASCADE, related_name="notes"
    )
    day = models.DateField("date")
    text = models.TextField("point d'étape")
    author = optional_user("auteur", blank=False)
    created_at = models.DateTimeField("écrit le", auto_now_add=True)

    class Meta:
        verbose_name = "point d'étape"
        verbose_name_plural = "points d'étape"
        ordering = ["-day", "-pk"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} : {self.text[:60]}"


# The commission numérique's and the bilan annuel's models live in their own modules
# (``pilote.pilotage.commission``, ``pilote.pilotage.bilan``), imported here for Django.
from .bilan.models import SharedBilan  # noqa: E402, F401
from .commission.models import (  # noqa: E402, F401
    AgendaItem,
    CommissionMember,
    Decision,
    Meeting,
    Minutes,
)
