"""The school's administrative data as SIECLE (pupils, families, structures) and STS-web
(staff, teaching services) export it.

These rows are a copy, never the reference: the reference stays in SIECLE and STS-web, where
the school corrects it; Pilote only shows what is stale or inconsistent so that it is fixed
at the source before it feeds the ENT, the GAR, the vie scolaire and the statistics. Every
row is therefore keyed by the identifier of its source (``ELEVE_ID``, ``PERSONNE_ID``,
``INDIVIDU@ID``…) so that re-importing a newer export updates it instead of duplicating it.
"""

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse

from pilote.core.fields import optional_link, optional_user
from pilote.core.models import OnePerSchoolModel, School, SchoolOwnedModel, SchoolScopedQuerySet
from pilote.core.schoolyear import school_year_label

from .choices import (
    FeedSource,
    Level,
    Relationship,
    ResponsibilityLevel,
    Sex,
    Source,
    StaffFunction,
    StaffType,
)


class Mef(SchoolOwnedModel):
    """A MEF (module élémentaire de formation): 11 characters, letters allowed, kept as text."""

    code = models.CharField("code MEF", max_length=11)
    label = models.CharField("libellé", max_length=120, blank=True)
    formation = models.CharField("formation", max_length=60, blank=True)
    attached_code = models.CharField("MEF de rattachement", max_length=11, blank=True)
    level = models.CharField("niveau", max_length=8, choices=Level.choices, blank=True)

    class Meta:
        verbose_name = "MEF"
        verbose_name_plural = "MEF"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="unique_mef")]

    def __str__(self) -> str:
        return f"{self.label} ({self.code})" if self.label else self.code


class Subject(SchoolOwnedModel):
    """A subject (matière): a 6-digit national code such as ``030201``, kept as text."""

    code = models.CharField("code matière", max_length=6)
    management_code = models.CharField("code de gestion", max_length=20, blank=True)
    short_label = models.CharField("libellé court", max_length=60, blank=True)
    label = models.CharField("libellé", max_length=120, blank=True)

    class Meta:
        verbose_name = "matière"
        ordering = ["label", "code"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="unique_subject")]

    def __str__(self) -> str:
        return self.label or self.short_label or self.code


class DivisionQuerySet(SchoolScopedQuerySet):
    def classes(self) -> "DivisionQuerySet":
        return self.filter(is_group=False)

    def groups(self) -> "DivisionQuerySet":
        return self.filter(is_group=True)

    def with_counts(self) -> "DivisionQuerySet":
        """Active pupils (as division or group members) and teaching services, in one query."""
        return self.annotate(
            pupil_count=Count("pupils", filter=active_pupil_q("pupils__"), distinct=True),
            group_pupil_count=Count(
                "group_pupils", filter=active_pupil_q("group_pupils__"), distinct=True
            ),
            service_count=Count("services", distinct=True),
        )


class Division(SchoolOwnedModel):
    """A division (class) or a group, as typed by the school in SIECLE or STS-web.

    The code is free text (``3 A``, ``61``, ``4e 1``) and is the join key between the two
    sources, so it is kept exactly as exported (stripped). ``in_siecle`` / ``in_sts`` say which
    source knows it: a division known to one source only is an anomaly to correct there.
    The level comes from the MEF, never from the name.
    """

    code = models.CharField("code", max_length=30)
    label = models.CharField("libellé", max_length=120, blank=True)
    is_group = models.BooleanField("groupe", default=False)
    level = models.CharField("niveau", max_length=8, choices=Level.choices, blank=True)
    mefs = models.ManyToManyField(Mef, verbose_name="MEF", blank=True, related_name="divisions")
    divisions = models.ManyToManyField(
        "self",
        verbose_name="divisions d'appartenance",
        symmetrical=False,
        blank=True,
        related_name="groups",
    )
    main_teachers = models.ManyToManyField(
        "StaffMember",
        verbose_name="professeurs principaux",
        blank=True,
        related_name="main_divisions",
    )
    expected_headcount = models.PositiveIntegerField("effectif prévu", null=True, blank=True)
    in_siecle = models.BooleanField("connue de SIECLE", default=False)
    in_sts = models.BooleanField("connue de STS-web", default=False)

    objects = DivisionQuerySet.as_manager()

    class Meta:
        verbose_name = "division"
        ordering = ["is_group", "code"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="unique_division")]
        indexes = [models.Index(fields=["school", "is_group", "code"])]

    def __str__(self) -> str:
        return self.code

    @property
    def url(self) -> str:
        """Needs ``school`` loaded (select_related) to stay query-free in lists."""
        return reverse("schooldata:division_detail", args=[self.school.uai, self.pk])


def active_pupil_q(prefix: str = "") -> Q:
    """The one rule for « élève actif », for filters through a relation (``prefix`` such as
    ``"pupil__"`` or ``"group_pupils__"``).

    Active means not left (no ``DATE_SORTIE``, still in the latest export) **and** placed in a
    real division. SIECLE parks pupils who are not enrolled this year in the pseudo-division
    « Inactifs », which the import never turns into a division: such a pupil has no division
    and is counted nowhere — not in headcounts, rates, activation or Pix shares.
    """
    return Q(**{f"{prefix}is_active": True, f"{prefix}division__isnull": False})


class PupilQuerySet(SchoolScopedQuerySet):
    def active(self) -> "PupilQuerySet":
        """Pupils every indicator and module counts (see :func:`active_pupil_q`)."""
        return self.filter(active_pupil_q())

    def unplaced(self) -> "PupilQuerySet":
        """Not left but in no real division (« Inactifs » or not yet placed in SIECLE)."""
        return self.filter(is_active=True, division__isnull=True)

    def left(self) -> "PupilQuerySet":
        return self.filter(is_active=False)


class Pupil(SchoolOwnedModel):
    """A pupil of SIECLE, keyed by ``ELEVE_ID`` (the key SIECLE keeps from year to year).

    A pupil who left (``DATE_SORTIE``, or absent from a later export) is kept for history with
    ``is_active`` false and is counted nowhere; neither is a pupil in no real division
    (``Pupil.objects.active()`` states the rule); the name shown is the usage name, else the
    family name, else the pre-2016 ``NOM``.
    """

    siecle_id = models.CharField("identifiant SIECLE (ELEVE_ID)", max_length=20)
    elenoet = models.CharField("numéro interne (ELENOET)", max_length=20, blank=True)
    ine = models.CharField("INE", max_length=11, blank=True)
    previous_ine = models.CharField("ancien INE (INE_BEA)", max_length=11, blank=True)
    last_name = models.CharField("nom", max_length=100)
    birth_name = models.CharField("nom de famille", max_length=100, blank=True)
    first_name = models.CharField("prénom", max_length=100)
    other_first_names = models.CharField("autres prénoms", max_length=200, blank=True)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices, blank=True)
    mef = models.CharField("code MEF", max_length=11, blank=True)
    division = optional_link(Division, "division", related_name="pupils")
    groups = models.ManyToManyField(
        Division, verbose_name="groupes", blank=True, related_name="group_pupils"
    )
    entry_date = models.DateField("date d'entrée", null=True, blank=True)
    exit_date = models.DateField("date de sortie", null=True, blank=True)
    is_active = models.BooleanField("présent dans l'établissement", default=True)

    objects = PupilQuerySet.as_manager()

    class Meta:
        verbose_name = "élève"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "siecle_id"], name="unique_pupil_siecle_id")
        ]
        indexes = [
            models.Index(fields=["school", "is_active", "last_name", "first_name"]),
            models.Index(fields=["school", "ine"]),
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"

    # A list of pupils (a loan) tells homonyms apart by their division.
    choice_related = ("division",)

    def choice_label(self) -> str:
        return f"{self} — {self.division.code}" if self.division_id else str(self)

    @property
    def is_counted(self) -> bool:
        """The :func:`active_pupil_q` rule for one loaded row."""
        return self.is_active and self.division_id is not None

    @property
    def status_label(self) -> str:
        if not self.is_active:
            return "sorti"
        return "oui" if self.division_id is not None else "hors division"

    @property
    def division_url(self) -> str | None:
        if self.division_id is None:
            return None
        return reverse("schooldata:division_detail", args=[self.school.uai, self.division_id])


class Guardian(SchoolOwnedModel):
    """A person responsible for or to contact about pupils, keyed by ``PERSONNE_ID``.

    One person is linked to every pupil of a family: accounts (ÉduConnect, ENT) are counted per
    person, never per link. Whether an e-mail and a mobile exist is kept for everyone (it tells
    who can be reached); the values themselves are shown only to the roles that contact families.
    """

    personne_id = models.CharField("identifiant SIECLE (PERSONNE_ID)", max_length=20)
    civility = models.CharField("civilité", max_length=10, blank=True)
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100, blank=True)
    has_email = models.BooleanField("a un courriel", default=False)
    has_mobile = models.BooleanField("a un téléphone portable", default=False)
    email = models.CharField("courriel", max_length=254, blank=True)
    mobile = models.CharField("téléphone portable", max_length=30, blank=True)

    class Meta:
        verbose_name = "responsable"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "personne_id"], name="unique_guardian_personne_id"
            )
        ]
        indexes = [models.Index(fields=["school", "last_name", "first_name"])]

    def __str__(self) -> str:
        return " ".join(part for part in (self.civility, self.last_name, self.first_name) if part)


class GuardianLink(SchoolOwnedModel):
    """Who is what to a pupil. Files before 30/03/2018 say ``RESP_LEGAL`` 1/2 (legal) or 0;
    later ones say ``NIVEAU_RESPONSABILITE`` + ``CODE_PARENTE``; both end up here."""

    pupil = models.ForeignKey(
        Pupil, verbose_name="élève", on_delete=models.CASCADE, related_name="guardian_links"
    )
    guardian = models.ForeignKey(
        Guardian, verbose_name="responsable", on_delete=models.CASCADE, related_name="links"
    )
    responsibility = models.CharField(
        "niveau de responsabilité", max_length=1, choices=ResponsibilityLevel.choices, blank=True
    )
    relationship = models.CharField(
        "lien de parenté", max_length=2, choices=Relationship.choices, blank=True
    )
    is_legal = models.BooleanField("représentant légal", default=False)
    legacy_rank = models.PositiveSmallIntegerField(
        "rang (RESP_LEGAL, fichiers d'avant 2018)", null=True, blank=True
    )
    pays_fees = models.BooleanField("paie les frais scolaires", default=False)

    class Meta:
        verbose_name = "lien élève – responsable"
        verbose_name_plural = "liens élèves – responsables"
        ordering = ["pupil", "-is_legal", "responsibility"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "guardian"], name="unique_guardian_link")
        ]
        indexes = [models.Index(fields=["school", "is_legal"])]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.pupil}"


class StaffMemberQuerySet(SchoolScopedQuerySet):
    def teachers(self) -> "StaffMemberQuerySet":
        return self.filter(function=StaffFunction.ENS)


class StaffMember(SchoolOwnedModel):
    """A person of STS-web, keyed by ``INDIVIDU@ID`` + ``TYPE`` (an opaque STS key: no NUMEN,
    no e-mail in the file). ``disciplines`` lists what the person may teach
    (``[{"code": "L1300", "label": "MATHEMATIQUES", "hours": "18.00"}]``), not what they teach:
    the services say that."""

    sts_id = models.CharField("identifiant STS", max_length=20)
    sts_type = models.CharField(
        "origine", max_length=5, choices=StaffType.choices, default=StaffType.EPP
    )
    civility = models.CharField("civilité", max_length=10, blank=True)
    last_name = models.CharField("nom", max_length=100)
    birth_name = models.CharField("nom patronymique", max_length=100, blank=True)
    first_name = models.CharField("prénom", max_length=100, blank=True)
    function = models.CharField("fonction", max_length=5, blank=True)
    grade = models.CharField("grade", max_length=30, blank=True)
    disciplines = models.JSONField("disciplines", default=list, blank=True)
    is_substitute = models.BooleanField("suppléant", default=False)

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "personnel"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "sts_type", "sts_id"], name="unique_staff_sts_id"
            )
        ]
        indexes = [models.Index(fields=["school", "function", "last_name"])]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def function_label(self) -> str:
        try:
            return StaffFunction(self.function).label
        except ValueError:
            return self.function

    @property
    def discipline_labels(self) -> str:
        return ", ".join(item.get("label") or item.get("code", "") for item in self.disciplines)


class TeachingService(SchoolOwnedModel):
    """A subject taught to a division or a group by one or more teachers (STS ``SERVICE``)."""

    division = models.ForeignKey(
        Division,
        verbose_name="division ou groupe",
        on_delete=models.CASCADE,
        related_name="services",
    )
    subject = models.ForeignKey(
        Subject, verbose_name="matière", on_delete=models.PROTECT, related_name="services"
    )
    course_mode = models.CharField("modalité de cours", max_length=10, blank=True)
    teachers = models.ManyToManyField(
        StaffMember, verbose_name="enseignants", blank=True, related_name="services"
    )

    class Meta:
        verbose_name = "service d'enseignement"
        verbose_name_plural = "services d'enseignement"
        ordering = ["division__code", "subject__label"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "subject", "course_mode"], name="unique_teaching_service"
            )
        ]

    def __str__(self) -> str:
        return f"{self.division} — {self.subject}"


class DataImport(SchoolOwnedModel):
    """One export applied to the school: which file, from when, with what effect.

    ``exported_at`` is the export's ``HORODATAGE`` (SIECLE) or, for STS-web which has none, the
    moment of the import: the freshness of a source is counted from it, because what matters
    is how old the data is, not when it was uploaded.
    """

    source = models.CharField("source", max_length=24, choices=Source.choices)
    filename = models.CharField("fichier", max_length=255)
    uaj = models.CharField("UAJ du fichier", max_length=8, blank=True)
    school_year = models.PositiveSmallIntegerField("année scolaire", null=True, blank=True)
    exported_at = models.DateTimeField("date de l'export", null=True, blank=True)
    imported_at = models.DateTimeField("importé le", auto_now_add=True)
    imported_by = optional_user("importé par")
    counts = models.JSONField("bilan", default=dict, blank=True)

    class Meta:
        verbose_name = "import de données"
        verbose_name_plural = "imports de données"
        ordering = ["-imported_at", "-pk"]
        indexes = [models.Index(fields=["school", "source", "-imported_at"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()} — {self.filename}"

    @property
    def school_year_label(self) -> str:
        return school_year_label(self.school_year) if self.school_year else ""


class DataSettings(OnePerSchoolModel):
    """Per-school settings of the data quality page."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="data_settings")
    freshness_days = models.PositiveSmallIntegerField(
        "seuil d'alerte de fraîcheur (jours)",
        default=30,
        help_text="Au-delà, un export SIECLE ou STS-web est signalé comme trop ancien.",
    )

    class Meta:
        verbose_name = "réglages des données"
        verbose_name_plural = "réglages des données"


class DataFeed(SchoolOwnedModel):
    """An application fed from SIECLE or STS-web (ENT, GAR, vie scolaire…) and when it last was.

    The date is entered by the person in charge of the feed: an application fed before the
    last change of its source runs on stale accounts or classes, which is what the page warns of.
    """

    code = models.CharField("code", max_length=40)
    label = models.CharField("application", max_length=120)
    sources = models.CharField(
        "alimentée par", max_length=6, choices=FeedSource.choices, default=FeedSource.SIECLE
    )
    description = models.CharField("ce qui est transmis", max_length=300, blank=True)
    last_fed_on = models.DateField("dernière alimentation", null=True, blank=True)
    responsible = models.CharField("responsable de l'alimentation", max_length=120, blank=True)

    class Meta:
        verbose_name = "application alimentée"
        verbose_name_plural = "applications alimentées"
        ordering = ["label"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="unique_data_feed")]

    def __str__(self) -> str:
        return self.label
