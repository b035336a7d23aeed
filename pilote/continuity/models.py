"""The plan de continuité pédagogique, its exercises and its activations.

A plan is written for one school year and goes through four steps (draft, validated by the
head, presented to the conseil d'administration, communicated to families); its four scenarios
say who decides, who is informed, through which channels, how the timetable is kept and what
is done in the first 48 hours. What the plan *claims* is compared with what the school's data
*shows* by :mod:`pilote.continuity.readiness`; the survey of pupils without equipment and the
training records are the two facts no other module holds, so they live here.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pilote.core.fields import optional_link, optional_user
from pilote.core.models import DetailPage, SchoolOwnedModel, SchoolScopedQuerySet
from pilote.core.schoolyear import school_year_label

from .choices import PlanStatus, ScenarioKind, ToolUse


class ContinuityPlan(DetailPage, SchoolOwnedModel):
    school_year = models.PositiveSmallIntegerField(
        "année scolaire", help_text="Année de la rentrée : 2026 pour 2026-2027."
    )
    status = models.CharField(
        "état", max_length=12, choices=PlanStatus.choices, default=PlanStatus.BROUILLON
    )
    objectives = models.TextField(
        "objectifs de fonctionnement et d'apprentissage",
        blank=True,
        help_text="Ce que l'établissement vise pendant la période, et comment il en fera le bilan.",
    )
    timetable_principles = models.TextField(
        "principes d'emploi du temps",
        blank=True,
        help_text="Égalité de traitement des élèves d'une même classe et d'un même niveau ; en "
        "lycée professionnel, équilibre entre enseignement général et professionnel.",
    )
    identities = models.TextField(
        "identités nécessaires",
        blank=True,
        help_text="ÉduConnect pour les élèves et les familles, guichet agents pour les "
        "personnels, comptes de l'ENT…",
    )
    training_plan = models.TextField("formation prévue des élèves et des personnels", blank=True)
    resources = models.TextField("ressources recensées", blank=True)
    evaluation = models.TextField(
        "évaluation harmonisée",
        blank=True,
        help_text="Comment les pratiques d'évaluation (contrôle continu) restent communes.",
    )
    checklist = models.JSONField("étapes de préparation faites", default=dict, blank=True)
    checklist_version = models.CharField("version de la liste", max_length=30, blank=True)
    validated_on = models.DateField("validé le", null=True, blank=True)
    validated_by = optional_user("validé par")
    ca_presented_on = models.DateField(
        "présenté au conseil d'administration le", null=True, blank=True
    )
    families_informed_on = models.DateField("communiqué aux familles le", null=True, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    detail_url_name = "continuity:plan_detail"

    class Meta:
        verbose_name = "plan de continuité pédagogique"
        verbose_name_plural = "plans de continuité pédagogique"
        ordering = ["-school_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year"], name="continuity_one_plan_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"Plan de continuité {self.year_label}"

    @property
    def year_label(self) -> str:
        return school_year_label(self.school_year)

    @property
    def is_validated(self) -> bool:
        return self.status != PlanStatus.BROUILLON

    def refresh_status(self) -> None:
        """The furthest step reached: the dates entered say it, never a free choice."""
        if self.validated_on is None:
            self.status = PlanStatus.BROUILLON
        elif self.families_informed_on:
            self.status = PlanStatus.COMMUNIQUE
        elif self.ca_presented_on:
            self.status = PlanStatus.PRESENTE_CA
        else:
            self.status = PlanStatus.VALIDE


class PlanPart(SchoolOwnedModel):
    """A row belonging to a plan: it keeps the school too, so that every query is scoped, and
    its history, as the plan does."""

    plan = models.ForeignKey(
        ContinuityPlan, verbose_name="plan", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url()


class Scenario(PlanPart):
    plan = models.ForeignKey(
        ContinuityPlan, verbose_name="plan", on_delete=models.CASCADE, related_name="scenarios"
    )
    kind = models.CharField("scénario", max_length=20, choices=ScenarioKind.choices)
    decides = models.TextField("qui décide", blank=True)
    informed = models.TextField("qui est informé", blank=True)
    channels = models.TextField("canaux d'information", blank=True)
    timetable = models.TextField("principes d'emploi du temps", blank=True)
    first_48h = models.TextField(
        "premières 48 heures", blank=True, help_text="Une action par ligne, dans l'ordre."
    )

    class Meta:
        verbose_name = "scénario"
        ordering = ["plan", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind"], name="continuity_one_scenario_per_kind"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def steps(self) -> list[str]:
        return [line.strip() for line in self.first_48h.splitlines() if line.strip()]


class PlanTool(PlanPart):
    """A service of the school's catalogue chosen for one use of the plan."""

    plan = models.ForeignKey(
        ContinuityPlan, verbose_name="plan", on_delete=models.CASCADE, related_name="tools"
    )
    use = models.CharField("usage", max_length=20, choices=ToolUse.choices)
    school_service = models.ForeignKey(
        "catalogue.SchoolService",
        verbose_name="service de l'établissement",
        on_delete=models.CASCADE,
        related_name="continuity_uses",
    )
    notes = models.CharField("précisions", max_length=300, blank=True)

    class Meta:
        verbose_name = "outil du plan"
        verbose_name_plural = "outils du plan"
        ordering = ["use", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "use", "school_service"], name="continuity_tool_once_per_use"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_use_display()} : {self.school_service}"


class TrainingRecord(SchoolOwnedModel):
    """One person of STS-web trained on the plan's tools, on a date."""

    staff = models.ForeignKey(
        "schooldata.StaffMember",
        verbose_name="personnel",
        on_delete=models.CASCADE,
        related_name="continuity_trainings",
    )
    trained_on = models.DateField("formé le", default=timezone.localdate)
    topic = models.CharField(
        "formation", max_length=200, help_text="Par exemple : classe virtuelle de l'ENT."
    )

    class Meta:
        verbose_name = "formation d'un personnel"
        verbose_name_plural = "formations des personnels"
        ordering = ["-trained_on", "staff__last_name"]
        indexes = [models.Index(fields=["school", "trained_on"])]

    def __str__(self) -> str:
        return f"{self.staff} — {self.topic} ({self.trained_on:%d/%m/%Y})"


class EquipmentSurvey(SchoolOwnedModel):
    """Per division: pupils declared without a device, or without a connection, at home."""

    division = models.ForeignKey(
        "schooldata.Division",
        verbose_name="division",
        on_delete=models.CASCADE,
        related_name="equipment_surveys",
    )
    without_device = models.PositiveIntegerField("élèves sans équipement", default=0)
    without_connection = models.PositiveIntegerField("élèves sans connexion", default=0)
    surveyed_on = models.DateField("recensé le", default=timezone.localdate)

    class Meta:
        verbose_name = "recensement de l'équipement"
        verbose_name_plural = "recensements de l'équipement"
        constraints = [
            models.UniqueConstraint(fields=["school", "division"], name="continuity_one_survey")
        ]

    def __str__(self) -> str:
        return f"{self.division} : {self.without_device} sans équipement"


class Exercise(DetailPage, SchoolOwnedModel):
    held_on = models.DateField("date de l'exercice", default=timezone.localdate)
    scenario = models.CharField("scénario joué", max_length=20, choices=ScenarioKind.choices)
    scope = models.CharField(
        "périmètre", max_length=200, help_text="Tout l'établissement, un niveau, des divisions…"
    )
    worked = models.TextField("ce qui a fonctionné", blank=True)
    did_not_work = models.TextField("ce qui n'a pas fonctionné", blank=True)
    corrective_measures = models.TextField(
        "mesures correctives", blank=True, help_text="Une mesure par ligne."
    )

    detail_url_name = "continuity:exercise_detail"

    class Meta:
        verbose_name = "exercice"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["school", "-held_on"])]

    def __str__(self) -> str:
        return f"Exercice du {self.held_on:%d/%m/%Y} — {self.get_scenario_display()}"

    def clean(self) -> None:
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": "Un exercice se note une fois fait : date future."})

    @property
    def measures(self) -> list[str]:
        return [line.strip() for line in self.corrective_measures.splitlines() if line.strip()]


class ActivationQuerySet(SchoolScopedQuerySet):
    def running(self) -> "ActivationQuerySet":
        return self.filter(closed_at__isnull=True)


class Activation(DetailPage, SchoolOwnedModel):
    """The plan put into effect for a real closure, until it is closed with a short review."""

    plan = optional_link(ContinuityPlan, "plan", related_name="activations")
    scenario = models.CharField("scénario", max_length=20, choices=ScenarioKind.choices)
    scope = models.CharField(
        "périmètre", max_length=200, help_text="Tout l'établissement, les divisions fermées…"
    )
    started_at = models.DateTimeField("activé le", default=timezone.now)
    started_by = optional_user("activé par", blank=False)
    expected_end = models.DateField("reprise prévue le", null=True, blank=True)
    message = models.TextField("message aux familles")
    steps = models.JSONField("actions des 48 premières heures", default=list, blank=True)
    steps_done = models.JSONField("actions faites", default=list, blank=True)
    closed_at = models.DateTimeField("clos le", null=True, blank=True)
    closed_by = optional_user("clos par")
    review = models.TextField("bilan", blank=True)

    objects = ActivationQuerySet.as_manager()

    detail_url_name = "continuity:activation_detail"

    class Meta:
        verbose_name = "activation du plan"
        verbose_name_plural = "activations du plan"
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["school", "closed_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(scope=""), name="continuity_activation_has_scope")
        ]

    def __str__(self) -> str:
        return f"Activation du {timezone.localtime(self.started_at):%d/%m/%Y} — {self.scope}"

    @property
    def is_running(self) -> bool:
        return self.closed_at is None
