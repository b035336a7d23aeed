"""Pix results of the pupils and Pix+ Édu of the teachers.

Pix Orga is the reference: Pilote keeps a copy of its exports, keyed so that re-importing a
newer export of the same campaign (or the same certification session) updates the rows
instead of duplicating them. Every line is tied, when possible, to a SIECLE pupil
(:class:`~pilote.schooldata.models.Pupil`): the head reasons by division and level, which only
SIECLE knows reliably. A line that cannot be tied is kept with its status, so that the head
sees what to correct in Pix Orga (a pupil not imported, a homonym) rather than losing it.
"""

from django.core.exceptions import ValidationError
from django.db import models

from pilote.core.fields import optional_link
from pilote.core.models import SchoolOwnedModel
from pilote.core.schoolyear import school_year_label
from pilote.schooldata.choices import StaffFunction
from pilote.schooldata.models import Division, Pupil, StaffMember

from .choices import (
    CampaignKind,
    CertificationStatus,
    MatchStatus,
    PixEduLevel,
    PixEduPath,
    PixEduStatus,
)
from .referential import crcn

COMPETENCE_CHOICES = [(c.code, c.label) for c in crcn().competences]
# Pix+ Édu concerns whoever teaches: teachers and professeurs documentalistes.
TEACHING_FUNCTIONS = (StaffFunction.ENS, StaffFunction.DOC)


def teaching_staff(school):
    return StaffMember.objects.for_school(school).filter(function__in=TEACHING_FUNCTIONS)


class Campaign(SchoolOwnedModel):
    """A Pix Orga campaign, keyed by its Pix id (``ID Campagne``).

    ``school_year`` is the year the school year starts, taken from the earliest participation
    (Pix does not export the campaign's creation date): indicators count this year's campaigns.
    """

    pix_id = models.PositiveIntegerField("identifiant Pix de la campagne")
    code = models.CharField("code de campagne", max_length=20, blank=True)
    name = models.CharField("nom", max_length=255)
    kind = models.CharField("type", max_length=20, choices=CampaignKind.choices)
    target_profile = models.CharField("parcours", max_length=255, blank=True)
    external_id_label = models.CharField("identifiant externe demandé", max_length=100, blank=True)
    organisation_name = models.CharField("organisation Pix", max_length=255, blank=True)
    stage_count = models.PositiveSmallIntegerField("nombre de paliers", null=True, blank=True)
    school_year = models.PositiveSmallIntegerField("année scolaire (début)", db_index=True)
    exported_on = models.DateField("date de l'export", null=True, blank=True)

    class Meta:
        verbose_name = "campagne Pix"
        verbose_name_plural = "campagnes Pix"
        ordering = ["-school_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "pix_id"], name="unique_pix_campaign")
        ]
        indexes = [models.Index(fields=["school", "kind", "school_year"])]

    def __str__(self) -> str:
        return self.name

    @property
    def school_year_label(self) -> str:
        return school_year_label(self.school_year)


# What Pix reports of a participation: the import writes these fields and the API publishes
# them in this order, so that a result added to the export reaches both.
PARTICIPATION_RESULTS = (
    "progress",
    "started_at",
    "shared",
    "shared_at",
    "stage_reached",
    "mastery",
    "total_pix",
    "certifiable",
    "certifiable_competences",
)


class Participation(SchoolOwnedModel):
    """One participant's line of a campaign export.

    Fractions stay fractions (0–1, as Pix writes them); pages show percentages. ``division`` is
    the pupil's SIECLE division when the line is tied to a pupil, else the division whose code
    matches the export's ``Classe``.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name="campagne", on_delete=models.CASCADE, related_name="participations"
    )
    participant_key = models.CharField("clé du participant", max_length=400, editable=False)
    pupil = optional_link(Pupil, "élève", related_name="pix_participations")
    division = optional_link(Division, "division", related_name="pix_participations")
    match_status = models.CharField(
        "rapprochement", max_length=12, choices=MatchStatus.choices, default=MatchStatus.UNMATCHED
    )
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100)
    division_code = models.CharField("classe (Pix)", max_length=30, blank=True)
    external_id = models.CharField("identifiant externe", max_length=100, blank=True)
    progress = models.DecimalField(
        "progression", max_digits=4, decimal_places=3, null=True, blank=True
    )
    started_at = models.DateTimeField("début", null=True, blank=True)
    shared = models.BooleanField("résultats partagés", default=False)
    shared_at = models.DateTimeField("partage", null=True, blank=True)
    stage_reached = models.PositiveSmallIntegerField("palier obtenu", null=True, blank=True)
    mastery = models.DecimalField(
        "maîtrise du parcours", max_digits=4, decimal_places=3, null=True, blank=True
    )
    total_pix = models.PositiveSmallIntegerField("pix", null=True, blank=True)
    certifiable = models.BooleanField("certifiable", null=True, blank=True)
    certifiable_competences = models.PositiveSmallIntegerField(
        "compétences certifiables", null=True, blank=True
    )

    class Meta:
        verbose_name = "participation Pix"
        verbose_name_plural = "participations Pix"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "participant_key"], name="unique_pix_participation"
            )
        ]
        indexes = [
            models.Index(fields=["school", "match_status"]),
            models.Index(fields=["campaign", "division"]),
            models.Index(fields=["pupil", "campaign"]),
            models.Index(fields=["school", "last_name", "first_name"]),
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name} — {self.campaign}"


# A participant's measures in one competence: the import reads and writes them, the API
# publishes them under the competence's code.
COMPETENCE_FIELDS = ("mastery", "skills_total", "skills_validated", "level", "pix")


class CompetenceResult(SchoolOwnedModel):
    """A participant's result in one CRCN competence.

    An assessment campaign gives the mastery of the target profile's skills in the competence
    (fraction, with the counts behind it); a profile collection gives the level and the pix.
    """

    participation = models.ForeignKey(
        Participation,
        verbose_name="participation",
        on_delete=models.CASCADE,
        related_name="competence_results",
    )
    competence = models.CharField("compétence", max_length=3, choices=COMPETENCE_CHOICES)
    mastery = models.DecimalField("maîtrise", max_digits=4, decimal_places=3, null=True, blank=True)
    skills_total = models.PositiveSmallIntegerField("acquis visés", null=True, blank=True)
    skills_validated = models.PositiveSmallIntegerField("acquis maîtrisés", null=True, blank=True)
    level = models.PositiveSmallIntegerField("niveau", null=True, blank=True)
    pix = models.PositiveSmallIntegerField("pix", null=True, blank=True)

    class Meta:
        verbose_name = "résultat par compétence"
        verbose_name_plural = "résultats par compétence"
        ordering = ["competence"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "competence"], name="unique_competence_result"
            )
        ]
        indexes = [models.Index(fields=["school", "competence"])]

    def __str__(self) -> str:
        return f"{self.participation} — {self.competence}"


class CertificationResult(SchoolOwnedModel):
    """A candidate's line of the certification results by class, keyed by its number.

    ``levels`` maps competence codes to the level reached (0 = failed); a competence not
    tested (``-``) is absent. The jury's comment is not kept: the head does not need it.
    """

    certification_number = models.CharField("numéro de certification", max_length=30)
    pupil = optional_link(Pupil, "élève", related_name="pix_certifications")
    division = optional_link(Division, "division", related_name="pix_certifications")
    match_status = models.CharField(
        "rapprochement", max_length=12, choices=MatchStatus.choices, default=MatchStatus.UNMATCHED
    )
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    external_id = models.CharField("identifiant externe", max_length=100, blank=True)
    division_code = models.CharField("classe (Pix)", max_length=30, blank=True)
    status = models.CharField("statut", max_length=12, choices=CertificationStatus.choices)
    pix_score = models.PositiveSmallIntegerField("nombre de pix", null=True, blank=True)
    levels = models.JSONField("niveaux par compétence", default=dict, blank=True)
    session = models.CharField("session", max_length=30, blank=True)
    session_date = models.DateField("date de passage", null=True, blank=True)
    school_year = models.PositiveSmallIntegerField("année scolaire (début)")

    class Meta:
        verbose_name = "résultat de certification Pix"
        verbose_name_plural = "résultats de certification Pix"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "certification_number"], name="unique_pix_certification"
            )
        ]
        indexes = [
            models.Index(fields=["school", "school_year", "status"]),
            models.Index(fields=["school", "division"]),
            models.Index(fields=["pupil", "school_year"]),
            models.Index(fields=["school", "last_name", "first_name"]),
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name} — {self.certification_number}"

    @property
    def band(self):
        if self.status != CertificationStatus.VALIDATED:
            return None
        return crcn().band_for(self.pix_score)


class PixEduRecord(SchoolOwnedModel):
    """Where one teacher (from STS-web) stands in Pix+ Édu, entered or imported.

    Only what steering needs: the path, the level aimed at or obtained, the step reached. A
    teacher without a record is « pas engagé »; a record is never required (no level is
    required for tenure).
    """

    staff = models.OneToOneField(
        StaffMember, verbose_name="enseignant", on_delete=models.CASCADE, related_name="pix_edu"
    )
    path = models.CharField("parcours", max_length=20, choices=PixEduPath.choices)
    status = models.CharField(
        "étape", max_length=12, choices=PixEduStatus.choices, default=PixEduStatus.IN_PROGRESS
    )
    level = models.CharField("niveau", max_length=10, choices=PixEduLevel.choices, blank=True)
    certified_on = models.DateField("certifié le", null=True, blank=True)
    note = models.CharField("remarque", max_length=300, blank=True)

    class Meta:
        verbose_name = "Pix+ Édu d'un enseignant"
        verbose_name_plural = "Pix+ Édu des enseignants"
        ordering = ["staff__last_name", "staff__first_name"]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self) -> str:
        return f"{self.staff} — {self.get_path_display()} — {self.get_status_display()}"

    def clean(self) -> None:
        """A level exists only on its path (Initié is for newly qualified teachers)."""
        allowed = crcn().pix_edu_levels.get(self.path, ())
        if self.level and self.level not in allowed:
            labels = ", ".join(PixEduLevel(code).label for code in allowed)
            message = f"Ce niveau n'existe pas pour ce parcours (niveaux possibles : {labels})."
            raise ValidationError({"level": message})
        if self.status == PixEduStatus.CERTIFIED and not self.level:
            raise ValidationError({"level": "Indiquez le niveau obtenu."})
