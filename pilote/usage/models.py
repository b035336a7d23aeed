"""Audience of the ENT, the GAR and ÉduConnect, and the pupils and families to help.

Pilote keeps only what an indicator or a follow-up needs: per account whether it is activated
and when it last connected (no password, no activation code, no ENT e-mail or phone: the
contact means shown to the CPE come from SIECLE), connection logs summed per person and ISO
week (the raw lines are never stored), and the ENT's own statistics as they are exported.
"""

from django.db import models
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
from pilote.schooldata.models import Guardian, Pupil

from .choices import AccountSource, CaseReason, FollowUpStatus, Profile, StatKind, StatSource

DEFAULT_INACTIVITY_WEEKS = 4


class UsageSettings(OnePerSchoolModel):
    """Per-school settings, and the date of the accounts export the page reads.

    « Sans connexion depuis N semaines » and « actifs sur 30 jours » are counted back from the
    day the accounts were exported, not from today: an export a month old must not turn every
    pupil into a pupil who no longer connects.
    """

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="usage_settings")
    inactivity_weeks = models.PositiveSmallIntegerField(
        "semaines sans connexion avant d'accompagner",
        default=DEFAULT_INACTIVITY_WEEKS,
        help_text="Un élève dont le compte est activé mais qui ne s'est pas connecté depuis ce "
        "nombre de semaines est à accompagner.",
    )
    accounts_exported_on = models.DateField(
        "date du dernier export des comptes", null=True, blank=True
    )

    class Meta:
        verbose_name = "réglages des usages"
        verbose_name_plural = "réglages des usages"


class AccountQuerySet(SchoolScopedQuerySet):
    def pupils(self) -> "AccountQuerySet":
        return self.filter(profile=Profile.ELEVE)

    def activated(self) -> "AccountQuerySet":
        return self.filter(is_activated=True)


class Account(SchoolOwnedModel):
    """One account of a person in the ENT or in ÉduConnect, as the last export showed it.

    ``external_id`` is the key of the source (the ENT ``Id``, else its login; the ÉduConnect
    identifier, else name + class) so that a newer export updates the row. The pupil or
    guardian of SIECLE it belongs to is found on import; an account left unmatched is still
    counted in the ENT figures but cannot be followed up.
    """

    source = models.CharField("source", max_length=12, choices=AccountSource.choices)
    external_id = models.CharField("identifiant dans la source", max_length=120)
    profile = models.CharField("profil", max_length=12, choices=Profile.choices)
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100, blank=True)
    login = models.CharField("identifiant de connexion", max_length=120, blank=True)
    siecle_id = models.CharField("identifiant SIECLE", max_length=20, blank=True)
    classes = models.CharField("classes", max_length=200, blank=True)
    relatives = models.CharField(
        "enfants ou parents", max_length=300, blank=True, help_text="Tels que l'ENT les nomme."
    )
    is_activated = models.BooleanField("compte activé", default=False)
    last_connection = models.DateTimeField("dernière connexion", null=True, blank=True)
    pupil = optional_link(Pupil, "élève", related_name="usage_accounts")
    guardian = optional_link(Guardian, "responsable", related_name="usage_accounts")

    objects = AccountQuerySet.as_manager()

    class Meta:
        verbose_name = "compte"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "source", "external_id"], name="unique_usage_account"
            )
        ]
        indexes = [
            models.Index(fields=["school", "profile", "is_activated"]),
            models.Index(fields=["school", "last_connection"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_profile_display()} {self.last_name} {self.first_name}".strip()


class ConnectionWeek(SchoolOwnedModel):
    """Connections of one person during one ISO week, summed from a connection log.

    A week's count is replaced by the latest log that covers it (re-importing a log changes
    nothing); the person is the log's pseudonymous user id, linked to an ENT account when the
    id is an account's ``Id`` or login. The history rows (copied in bulk by the database) are
    what « Annuler cet import » puts back; the purge erases them with the rows.
    """

    person_key = models.CharField("identifiant dans le journal", max_length=120)
    profile = models.CharField("profil", max_length=12, choices=Profile.choices)
    week_start = models.DateField("semaine du")
    connections = models.PositiveIntegerField("connexions")
    account = optional_link(Account, "compte", related_name="connection_weeks")

    class Meta:
        verbose_name = "connexions d'une semaine"
        verbose_name_plural = "connexions par semaine"
        ordering = ["-week_start", "person_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "person_key", "week_start"], name="unique_connection_week"
            )
        ]
        indexes = [models.Index(fields=["school", "week_start", "profile"])]

    def __str__(self) -> str:
        return f"{self.person_key} — semaine du {self.week_start:%d/%m/%Y}"


# What tells one line of statistics from another: its unique key, and what the API publishes
# of it besides the counts (the API gives no id, a caller tells its rows apart by this key).
AUDIENCE_STAT_KEY = [
    "school",
    "source",
    "kind",
    "period_start",
    "profile",
    "label",
    "division_label",
]


class AudienceStat(SchoolOwnedModel):
    """One line of an ENT « Statistiques » export, or a service's accesses from a log.

    ``label`` is the application, connector or device (empty for the accounts export);
    ``division_label`` holds the class when the ENT exported per class (then the file's UAI is
    empty and « Établissement » names the class).
    """

    source = models.CharField("source", max_length=12, choices=StatSource.choices)
    kind = models.CharField("export", max_length=12, choices=StatKind.choices)
    period_start = models.DateField("début de la période")
    profile = models.CharField("profil", max_length=12, choices=Profile.choices)
    label = models.CharField("application, connecteur ou support", max_length=120, blank=True)
    division_label = models.CharField("classe", max_length=120, blank=True)
    connections = models.PositiveIntegerField("connexions", default=0)
    unique_visitors = models.PositiveIntegerField("visiteurs uniques", default=0)
    loaded_accounts = models.PositiveIntegerField("comptes chargés", default=0)
    activated_accounts = models.PositiveIntegerField("comptes activés", default=0)
    accesses = models.PositiveIntegerField("accès", default=0)

    class Meta:
        verbose_name = "statistique d'audience"
        verbose_name_plural = "statistiques d'audience"
        ordering = ["-period_start", "kind", "profile", "label"]
        constraints = [
            models.UniqueConstraint(fields=AUDIENCE_STAT_KEY, name="unique_audience_stat")
        ]
        indexes = [models.Index(fields=["school", "kind", "period_start"])]

    def __str__(self) -> str:
        label = f" — {self.label}" if self.label else ""
        return f"{self.get_kind_display()}{label} — {self.period_start:%d/%m/%Y}"


class MappingPreset(SchoolOwnedModel):
    """A saved choice of columns for ÉduConnect files (no public format exists).

    ``mapping`` maps each field of :class:`~pilote.usage.choices.EduConnectField` to a column
    header of the file; the importer picks the preset whose headers are all in the file.
    """

    name = models.CharField("nom du modèle", max_length=80)
    mapping = models.JSONField("colonnes", default=dict)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "modèle de colonnes ÉduConnect"
        verbose_name_plural = "modèles de colonnes ÉduConnect"
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="unique_mapping_preset")
        ]

    def __str__(self) -> str:
        return self.name


class FollowUp(SchoolOwnedModel):
    """A pupil or a family far from digital, and how the school helps them.

    Cases are detected from the accounts and SIECLE after each import (``is_detected``); a case
    that is no longer detected (the account got activated) keeps its history but leaves the
    list. A family case is attached to one pupil: the CPE and the professeur principal work
    class by class, and the pupil's guardians are the family to call.
    """

    pupil = models.ForeignKey(
        Pupil, verbose_name="élève", on_delete=models.CASCADE, related_name="usage_follow_ups"
    )
    reason = models.CharField("situation", max_length=24, choices=CaseReason.choices)
    status = models.CharField(
        "suivi",
        max_length=12,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.A_CONTACTER,
    )
    assignee = optional_user("personne chargée du suivi", related_name="usage_follow_ups")
    is_detected = models.BooleanField("situation toujours constatée", default=True)
    detected_on = models.DateField("constatée le")
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        verbose_name = "suivi"
        ordering = ["pupil__division__code", "pupil__last_name", "pupil__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "reason"], name="unique_usage_follow_up")
        ]
        indexes = [
            models.Index(fields=["school", "is_detected", "status"]),
            models.Index(fields=["school", "reason"]),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} — {self.get_reason_display()}"


class FollowUpNote(models.Model):
    """A dated note of what was done for a case (call, meeting, help at the CDI…)."""

    follow_up = models.ForeignKey(
        FollowUp, verbose_name="suivi", on_delete=models.CASCADE, related_name="notes"
    )
    written_on = models.DateField("date")
    author = optional_user("auteur", blank=False)
    text = models.TextField("note", max_length=2000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "note de suivi"
        verbose_name_plural = "notes de suivi"
        ordering = ["-written_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.written_on:%d/%m/%Y} — {self.text[:40]}"


class AudienceSnapshot(SchoolScopedModel):
    """The school's usage indicators as they stood just before an accounts import changed them.

    The cockpit's trend compares today's value with the last snapshot: « par rapport à
    l'export des comptes précédent ». Append-only by use, hence no history of its own.
    """

    taken_at = models.DateTimeField("pris le", auto_now_add=True)
    values = models.JSONField("valeurs", default=dict)

    class Meta:
        verbose_name = "état des indicateurs d'usage"
        verbose_name_plural = "états des indicateurs d'usage"
        ordering = ["-taken_at", "-pk"]
        indexes = [models.Index(fields=["school", "-taken_at"])]

    def __str__(self) -> str:
        return f"{self.school} — {timezone.localtime(self.taken_at):%d/%m/%Y}"
