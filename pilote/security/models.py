"""Security of the school: incidents judged on D-I-C-T, security measures, access review and
the charte des usages du numérique.

The head answers for the security of people and property, digital included: the académie
must be told of incidents (through its RSSI, and its DPD when personal data are involved),
and traçabilité — the T of DICT — means what happened must stay as it was written. Incident
timelines and the reports sent are therefore append-only, like core's journal.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pilote.core.fields import optional_link, optional_user
from pilote.core.models import (
    Academie,
    AppendOnlyModel,
    AppendOnlyQuerySet,
    SchoolOwnedModel,
    User,
)

from .choices import (
    EventKind,
    Impact,
    IncidentCategory,
    IncidentStatus,
    MeasureSource,
    MeasureStatus,
    Notion,
    ProblemReportStatus,
    ReviewDecision,
    RightSource,
    Severity,
)

# The GDPR (art. 33) gives 72 hours from the moment a breach is known to notify the CNIL.
CNIL_DEADLINE = timedelta(hours=72)

# The four DICT impacts of an incident, in the order of the notions: the form, the timeline's
# requalification and the API name them through this mapping, so that none can miss one.
IMPACT_FIELDS = {
    Notion.D: "impact_availability",
    Notion.I: "impact_integrity",
    Notion.C: "impact_confidentiality",
    Notion.T: "impact_traceability",
}


def severity_from_impacts(impacts: list[int]) -> Severity:
    """The severity of an incident, read from its four DICT impacts.

    A severe impact on two notions at once is a crisis (critique); one severe impact, or a
    significant impact on three notions or more, is grave; any significant impact makes the
    incident modérée; low impacts only make it mineure. The rule is deliberately simple so
    that a head can predict it and the académie can compare schools.
    """
    severe = sum(1 for impact in impacts if impact >= Impact.SEVERE)
    significant = sum(1 for impact in impacts if impact >= Impact.SIGNIFICANT)
    if severe >= 2:
        return Severity.CRITICAL
    if severe == 1 or significant >= 3:
        return Severity.SERIOUS
    if significant:
        return Severity.MODERATE
    return Severity.MINOR


def impact_field(label: str, notion: str):
    return models.PositiveSmallIntegerField(
        label,
        choices=Impact.choices,
        default=Impact.NONE,
        help_text=f"Conséquence de l'incident sur la {notion}.",
    )


class Incident(SchoolOwnedModel):
    """A security incident of the school, from detection to closure."""

    number = models.PositiveIntegerField("numéro", editable=False)
    title = models.CharField("intitulé", max_length=200)
    category = models.CharField("catégorie", max_length=24, choices=IncidentCategory.choices)
    description = models.TextField(
        "ce qui s'est passé", blank=True, help_text="Les faits constatés, sans interprétation."
    )
    detected_at = models.DateTimeField("détecté le", default=timezone.now)
    started_at = models.DateTimeField(
        "début de l'incident", null=True, blank=True, help_text="Si elle est connue."
    )
    detected_by = optional_user("détecté par (membre)")
    detected_by_label = models.CharField(
        "détecté par (autre)",
        max_length=200,
        blank=True,
        help_text="Si la personne n'a pas de compte : « un parent d'élève », « l'éditeur »…",
    )
    impact_availability = impact_field("disponibilité", "disponibilité des services et données")
    impact_integrity = impact_field("intégrité", "intégrité des données")
    impact_confidentiality = impact_field("confidentialité", "confidentialité des données")
    impact_traceability = impact_field("traçabilité", "traçabilité des actions")
    severity = models.PositiveSmallIntegerField(
        "gravité", choices=Severity.choices, default=Severity.MINOR, editable=False
    )
    personal_data = models.BooleanField(
        "données personnelles concernées",
        default=False,
        help_text="Le DPD de l'académie doit alors être informé ; la CNIL doit être notifiée "
        "dans les 72 heures si la violation présente un risque pour les personnes.",
    )
    personal_data_details = models.TextField(
        "données et personnes concernées",
        blank=True,
        help_text="Nature des données, nombre approximatif de personnes concernées.",
    )
    cnil_notified_at = models.DateTimeField("notification à la CNIL le", null=True, blank=True)
    affected_services = models.ManyToManyField(
        "catalogue.SchoolService",
        verbose_name="services concernés",
        blank=True,
        related_name="security_incidents",
    )
    affected_equipment = models.ManyToManyField(
        "inventory.Equipment",
        verbose_name="équipements concernés",
        blank=True,
        related_name="security_incidents",
    )
    affected_people = models.ManyToManyField(
        User, verbose_name="membres concernés", blank=True, related_name="+"
    )
    affected_people_note = models.CharField(
        "autres personnes concernées", max_length=300, blank=True
    )
    measures_taken = models.TextField("mesures prises", blank=True)
    status = models.CharField(
        "statut", max_length=16, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    reported_at = models.DateTimeField("signalé à l'académie le", null=True, blank=True)
    lessons_learned = models.TextField(
        "retour d'expérience",
        blank=True,
        help_text="Obligatoire à la clôture : ce qui a manqué, ce qui change.",
    )
    closed_at = models.DateTimeField("clos le", null=True, blank=True)
    created_by = optional_user()
    created_at = models.DateTimeField("enregistré le", auto_now_add=True)

    class Meta:
        verbose_name = "incident de sécurité"
        verbose_name_plural = "incidents de sécurité"
        ordering = ["-detected_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="unique_incident_number")
        ]
        indexes = [
            models.Index(fields=["school", "-detected_at"]),
            models.Index(fields=["school", "status"]),
            models.Index(fields=["school", "severity"]),
            models.Index(fields=["school", "category"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def save(self, *args, **kwargs):
        self.severity = severity_from_impacts(list(self.impacts.values()))
        if not self.number:
            last = Incident.objects.filter(school_id=self.school_id).aggregate(
                models.Max("number")
            )["number__max"]
            self.number = (last or 0) + 1
        if self.status == IncidentStatus.CLOSED and self.closed_at is None:
            self.closed_at = timezone.now()
        if self.status != IncidentStatus.CLOSED:
            self.closed_at = None
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        return f"INC-{self.number:03d}" if self.number else "INC-…"

    @property
    def impacts(self) -> dict[str, int]:
        return {notion: getattr(self, field) for notion, field in IMPACT_FIELDS.items()}

    def impact_rows(self) -> list[tuple[str, str, int]]:
        """(notion, impact label, impact value) in D-I-C-T order, for pages and the PDF."""
        return [
            (Notion(notion).label, Impact(value).label, value)
            for notion, value in self.impacts.items()
        ]

    @property
    def cnil_deadline(self):
        return self.detected_at + CNIL_DEADLINE if self.personal_data else None

    def cnil_hours_left(self, now=None) -> float | None:
        """Hours left before the CNIL deadline (negative once it has passed)."""
        if not self.personal_data or self.cnil_notified_at:
            return None
        now = now or timezone.now()
        return round((self.cnil_deadline - now).total_seconds() / 3600, 1)

    def add_event(self, kind: str, text: str, *, user=None, corrects=None, timestamp=None):
        """Append one entry to the timeline (the only way the timeline ever changes)."""
        return IncidentEvent.objects.create(
            incident=self,
            kind=kind,
            text=text,
            author=user if user is not None and user.pk else None,
            author_label=str(user)[:200] if user is not None else "Pilote",
            corrects=corrects,
            timestamp=timestamp or timezone.now(),
        )

    @property
    def is_closed(self) -> bool:
        return self.status == IncidentStatus.CLOSED

    def clean(self) -> None:
        errors = {}
        if self.detected_at and self.detected_at > timezone.now() + timedelta(minutes=5):
            errors["detected_at"] = "La détection ne peut pas être dans le futur."
        if self.started_at and self.detected_at and self.started_at > self.detected_at:
            errors["started_at"] = "Le début de l'incident ne peut pas suivre sa détection."
        if self.cnil_notified_at and not self.personal_data:
            errors["cnil_notified_at"] = (
                "Une notification à la CNIL ne concerne que les incidents touchant des données "
                "personnelles."
            )
        if self.status == IncidentStatus.CLOSED and not self.lessons_learned.strip():
            errors["lessons_learned"] = "Le retour d'expérience est obligatoire pour clore."
        if errors:
            raise ValidationError(errors)


class AppendOnlyRecordQuerySet(AppendOnlyQuerySet):
    """Timeline entries and reports belong to an incident, which gives their school."""

    def for_school(self, school):
        return self.filter(incident__school=school)


class IncidentRecord(AppendOnlyModel):
    """What is written about an incident, never rewritten (the database agrees: migration
    0002): its timeline, the reports sent."""

    entry_label = "Une entrée de la chronologie"

    objects = AppendOnlyRecordQuerySet.as_manager()

    class Meta:
        abstract = True


class IncidentEvent(IncidentRecord):
    """One dated entry of an incident's timeline. A mistake is corrected by a new entry that
    points at the one it corrects: what was written, and when, stays visible."""

    incident = models.ForeignKey(
        Incident, verbose_name="incident", on_delete=models.PROTECT, related_name="events"
    )
    timestamp = models.DateTimeField("date", default=timezone.now)
    kind = models.CharField("nature", max_length=16, choices=EventKind.choices)
    text = models.TextField("texte")
    author = optional_user("auteur", on_delete=models.PROTECT, blank=False)
    author_label = models.CharField("auteur (au moment des faits)", max_length=200)
    corrects = optional_link(
        "self", "corrige l'entrée", related_name="corrections", on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = "entrée de la chronologie"
        verbose_name_plural = "chronologie"
        ordering = ["timestamp", "pk"]
        indexes = [models.Index(fields=["incident", "timestamp"])]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.timestamp):%d/%m/%Y %H:%M} — {self.get_kind_display()}"


class IncidentReport(IncidentRecord):
    """A report sent to the académie: who sent what, to whom, when — with the PDF as sent."""

    incident = models.ForeignKey(
        Incident, verbose_name="incident", on_delete=models.PROTECT, related_name="reports"
    )
    sent_at = models.DateTimeField("envoyé le", default=timezone.now)
    sent_by = optional_user("envoyé par", on_delete=models.PROTECT, blank=False)
    sent_by_label = models.CharField("envoyé par (au moment des faits)", max_length=200)
    recipients = models.JSONField("destinataires", default=list)
    dpd_informed = models.BooleanField("DPD informé", default=False)
    collectivite_informed = models.BooleanField("collectivité informée", default=False)
    pdf = models.BinaryField("rapport PDF", editable=False)

    class Meta:
        verbose_name = "signalement à l'académie"
        verbose_name_plural = "signalements à l'académie"
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["incident", "-sent_at"])]

    def __str__(self) -> str:
        return f"Signalement du {timezone.localtime(self.sent_at):%d/%m/%Y %H:%M}"


class AcademieSecurityContact(models.Model):
    """Where the académie wants incident reports: its DPD, and a functional RSSI mailbox.

    The DPD is appointed by the recteur for the whole académie, so the address lives with the
    académie (kept up to date by its RSSI in Pilote) rather than in a deployment setting that
    one académie could not change without the administrator.
    """

    academie = models.OneToOneField(
        Academie,
        verbose_name="académie",
        on_delete=models.CASCADE,
        related_name="security_contact",
    )
    dpd_name = models.CharField("délégué à la protection des données (DPD)", max_length=200)
    dpd_email = models.EmailField("adresse du DPD")
    rssi_mailbox = models.EmailField(
        "adresse fonctionnelle de la cellule sécurité",
        blank=True,
        help_text="Reçoit aussi les signalements, en plus des comptes RSSI de Pilote.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "contacts sécurité de l'académie"
        verbose_name_plural = "contacts sécurité des académies"

    def __str__(self) -> str:
        return f"Contacts sécurité — {self.academie}"


class SecurityMeasureQuerySet(models.QuerySet):
    def applicable_to(self, school) -> "SecurityMeasureQuerySet":
        """The national referential plus what the school's académie added."""
        return self.filter(retired=False).filter(
            Q(academie__isnull=True) | Q(academie_id=school.academie_id)
        )


class SecurityMeasure(models.Model):
    """One measure of the referential (``referentials/mesures.yaml``) or of an académie."""

    code = models.CharField("code", max_length=40, unique=True)
    academie = optional_link(
        Academie,
        "ajoutée par l'académie",
        related_name="security_measures",
        on_delete=models.CASCADE,
    )
    source = models.CharField("source", max_length=20, choices=MeasureSource.choices)
    number = models.PositiveSmallIntegerField("n° dans la source", null=True, blank=True)
    chapter = models.CharField("chapitre", max_length=120, blank=True)
    label = models.CharField("mesure", max_length=300)
    guidance = models.TextField("point clé", blank=True)
    notions = models.CharField(
        "notions D-I-C-T",
        max_length=4,
        help_text="Lettres des notions que la mesure protège, par exemple « DC ».",
    )
    to_confirm = models.BooleanField(
        "à confirmer",
        default=False,
        help_text="Libellé officiel non vérifié : la mesure est affichée « à confirmer ».",
    )
    referential_version = models.CharField("version du référentiel", max_length=20)
    position = models.PositiveIntegerField("ordre", default=0)
    retired = models.BooleanField("retirée du référentiel", default=False)
    history = HistoricalRecords()

    objects = SecurityMeasureQuerySet.as_manager()

    class Meta:
        verbose_name = "mesure de sécurité"
        verbose_name_plural = "mesures de sécurité"
        ordering = ["position", "code"]
        indexes = [models.Index(fields=["academie", "retired"])]

    def __str__(self) -> str:
        return self.label

    def notion_labels(self) -> list[str]:
        return [Notion(letter).label for letter in self.notions]

    def clean(self) -> None:
        letters = set(self.notions)
        if not letters or not letters <= set(Notion.values):
            raise ValidationError(
                {"notions": "Indiquez une ou plusieurs lettres parmi D, I, C, T."}
            )


class SchoolMeasure(SchoolOwnedModel):
    """Where the school stands on one measure: status, evidence, owner, next review."""

    measure = models.ForeignKey(
        SecurityMeasure, verbose_name="mesure", on_delete=models.PROTECT, related_name="answers"
    )
    status = models.CharField("état", max_length=16, choices=MeasureStatus.choices)
    evidence = models.TextField(
        "preuve", blank=True, help_text="Ce qui montre que la mesure est en place."
    )
    owner = optional_user("responsable")
    review_date = models.DateField("à revoir le", null=True, blank=True)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        verbose_name = "état d'une mesure"
        verbose_name_plural = "états des mesures"
        constraints = [
            models.UniqueConstraint(fields=["school", "measure"], name="unique_school_measure")
        ]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self) -> str:
        return f"{self.measure} : {self.get_status_display()}"


class AccessReviewCampaign(SchoolOwnedModel):
    """The yearly review of administrative rights, which the head completes."""

    school_year = models.CharField("année scolaire", max_length=9)
    started_at = models.DateTimeField("ouverte le", auto_now_add=True)
    started_by = optional_user("ouverte par", blank=False)
    completed_at = models.DateTimeField("terminée le", null=True, blank=True)
    completed_by = optional_user("terminée par")

    class Meta:
        verbose_name = "revue des accès"
        verbose_name_plural = "revues des accès"
        ordering = ["-school_year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="unique_review_year")
        ]

    def __str__(self) -> str:
        return f"Revue des accès {self.school_year}"


class AccessReviewDecision(SchoolOwnedModel):
    """Keep or remove one administrative right, decided during a campaign.

    ``right_key`` names the right independently of the campaign (``pilote:12``,
    ``delegation:4``, ``referent:7:31``) so that « last reviewed » is found across years.
    """

    campaign = models.ForeignKey(
        AccessReviewCampaign,
        verbose_name="revue",
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    right_key = models.CharField("droit", max_length=64)
    source = models.CharField("origine du droit", max_length=12, choices=RightSource.choices)
    holder = optional_user("titulaire", blank=False)
    holder_label = models.CharField("titulaire (au moment de la revue)", max_length=200)
    right_label = models.CharField("droit (au moment de la revue)", max_length=300)
    decision = models.CharField("décision", max_length=10, choices=ReviewDecision.choices)
    comment = models.CharField("commentaire", max_length=300, blank=True)
    decided_at = models.DateTimeField("décidé le", default=timezone.now)
    decided_by = optional_user("décidé par", blank=False)

    class Meta:
        verbose_name = "décision de revue"
        verbose_name_plural = "décisions de revue"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "right_key"], name="unique_review_decision")
        ]
        indexes = [models.Index(fields=["school", "right_key", "-decided_at"])]

    def __str__(self) -> str:
        return f"{self.holder_label} — {self.right_label} : {self.get_decision_display()}"


class CharterVersion(SchoolOwnedModel):
    """One version of the school's charte des usages du numérique.

    The version in force is the latest one adopted by the conseil d'administration; people
    acknowledge a precise version, so a new version starts a new round of acknowledgements.
    """

    version = models.CharField("version", max_length=20, help_text="Par exemple « 2025-1 ».")
    title = models.CharField("titre", max_length=200, default="Charte des usages du numérique")
    text = models.TextField("texte de la charte", blank=True)
    document = models.FileField(
        "document PDF", upload_to="securite/chartes/", blank=True, max_length=255
    )
    adopted_on = models.DateField("adoptée en conseil d'administration le", null=True, blank=True)
    for_staff = models.BooleanField("s'applique aux personnels", default=True)
    for_pupils = models.BooleanField("s'applique aux élèves", default=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "version de la charte"
        verbose_name_plural = "versions de la charte"
        ordering = ["-adopted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "version"], name="unique_charter_version")
        ]
        indexes = [models.Index(fields=["school", "-adopted_on"])]

    def __str__(self) -> str:
        return f"{self.title} — version {self.version}"

    def audiences(self) -> list[str]:
        labels = []
        if self.for_staff:
            labels.append("personnels")
        if self.for_pupils:
            labels.append("élèves")
        return labels

    def clean(self) -> None:
        if not self.text.strip() and not self.document:
            raise ValidationError("Déposez le PDF de la charte ou écrivez son texte.")
        if not (self.for_staff or self.for_pupils):
            raise ValidationError(
                "La charte doit s'appliquer aux personnels, aux élèves ou aux deux."
            )


class StaffAcknowledgement(SchoolOwnedModel):
    """A member of staff declares in Pilote having read one version of the charter."""

    version = models.ForeignKey(
        CharterVersion,
        verbose_name="version",
        on_delete=models.CASCADE,
        related_name="staff_acknowledgements",
    )
    user = models.ForeignKey(
        User, verbose_name="personne", on_delete=models.CASCADE, related_name="+"
    )
    acknowledged_at = models.DateTimeField("prise de connaissance le", default=timezone.now)

    class Meta:
        verbose_name = "prise de connaissance (personnel)"
        verbose_name_plural = "prises de connaissance (personnels)"
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="unique_staff_ack")]

    def __str__(self) -> str:
        return f"{self.user} — {self.version}"


class PupilAcknowledgement(SchoolOwnedModel):
    """Acknowledgements of pupils of one division, counted by the head from the signed forms."""

    version = models.ForeignKey(
        CharterVersion,
        verbose_name="version",
        on_delete=models.CASCADE,
        related_name="pupil_acknowledgements",
    )
    division = optional_link(
        "schooldata.Division",
        "division",
        related_name="+",
        help_text="Choisie parmi les divisions importées de SIECLE.",
    )
    division_label = models.CharField(
        "libellé de la division",
        max_length=40,
        blank=True,
        help_text="Si les divisions n'ont pas été importées : « 6e A ».",
    )
    enrolled = models.PositiveIntegerField("élèves de la division")
    acknowledged = models.PositiveIntegerField("formulaires signés")
    recorded_on = models.DateField("relevé le", default=timezone.localdate)
    recorded_by = optional_user("relevé par", blank=False)

    class Meta:
        verbose_name = "prise de connaissance (division)"
        verbose_name_plural = "prises de connaissance (divisions)"
        ordering = ["division_label"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "division_label"], name="unique_pupil_ack_division"
            )
        ]

    def __str__(self) -> str:
        return f"{self.division_label} : {self.acknowledged}/{self.enrolled}"

    def clean(self) -> None:
        counted = self.acknowledged is not None and self.enrolled is not None
        if counted and self.acknowledged > self.enrolled:
            raise ValidationError(
                {"acknowledged": "Il ne peut pas y avoir plus de formulaires que d'élèves."}
            )


class ProblemReport(SchoolOwnedModel):
    """A member of staff signals a security problem to the direction (« Signaler un
    problème »): a draft the head examines, then records as an incident or closes with an
    answer. The person who signalled sees its status; no pupil's name is asked for."""

    what = models.TextField(
        "ce que vous avez constaté",
        help_text="Les faits : message reçu, poste concerné, comportement anormal. Inutile de "
        "nommer un élève : la direction vous recontactera si besoin.",
    )
    where = models.CharField(
        "où", max_length=200, blank=True, help_text="Salle, poste, service ou compte concerné."
    )
    seen_at = models.DateTimeField("constaté le", default=timezone.now)
    reported_by = optional_user("signalé par", blank=False)
    reported_by_label = models.CharField("signalé par (au moment des faits)", max_length=200)
    status = models.CharField(
        "suite donnée",
        max_length=16,
        choices=ProblemReportStatus.choices,
        default=ProblemReportStatus.NEW,
    )
    incident = optional_link(Incident, "incident", related_name="problem_reports")
    answer = models.CharField("réponse de la direction", max_length=300, blank=True)
    created_at = models.DateTimeField("signalé le", auto_now_add=True)

    class Meta:
        verbose_name = "signalement d'un problème"
        verbose_name_plural = "signalements de problèmes"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self) -> str:
        day = timezone.localtime(self.created_at)
        return f"Signalement du {day:%d/%m/%Y} — {self.reported_by_label}"

    @property
    def summary(self) -> str:
        """The first words of the report, for an incident title or a list."""
        text = " ".join(self.what.split())
        return text if len(text) <= 80 else text[:79] + "…"
