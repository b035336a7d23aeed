"""Digital services, their adoption by schools, validation requests and the RGPD register.

A :class:`Service` is a catalogue entry. It belongs to one of four catalogues: the national one
(loaded from ``referentials/services_nationaux.yaml``), an académie's (kept by the DRANE), a
collectivité's (its ENT, its support) or a school's own local services. A school sees the
national catalogue plus those of its académie and collectivité; adopting a service creates a
:class:`SchoolService`, which is what every other module links to (a mission, an incident, a
support request name the service *as the school runs it*, with its referent).
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pilote.core.fields import optional_link, optional_user
from pilote.core.models import (
    Academie,
    Collectivite,
    DetailPage,
    OnePerSchoolModel,
    School,
    SchoolOwnedModel,
    SchoolScopedQuerySet,
)
from pilote.inventory.choices import Category

from .choices import (
    Authentication,
    Authority,
    GarListing,
    Hosting,
    LegalBasis,
    Obligation,
    RequestKind,
    RequestStatus,
    SchoolLevel,
    SchoolServiceStatus,
    Sector,
    ServiceKind,
    ServiceOrigin,
    SupportContact,
    Verdict,
)

# Time given to the académie and the collectivité to give their opinion once the head submits.
OPINION_DELAY_DAYS = 30

# The four ticks of AudienceMixin, in order, with the word each gives in a list of audiences:
# the forms and the API name them through this mapping, so that a new audience reaches both.
AUDIENCE_FIELDS = {
    "for_pupils": "élèves",
    "for_guardians": "responsables",
    "for_teachers": "enseignants",
    "for_staff": "personnels",
}


class AudienceMixin(models.Model):
    """Who uses a service (or would use a requested application): four independent ticks."""

    for_pupils = models.BooleanField("élèves", default=False)
    for_guardians = models.BooleanField("responsables légaux", default=False)
    for_teachers = models.BooleanField("enseignants", default=False)
    for_staff = models.BooleanField("autres personnels", default=False)

    class Meta:
        abstract = True

    @property
    def audiences(self) -> list[str]:
        return [label for name, label in AUDIENCE_FIELDS.items() if getattr(self, name)]

    @property
    def audiences_display(self) -> str:
        return ", ".join(self.audiences) or "—"


class ServiceQuerySet(models.QuerySet):
    def offered_to(self, school: School) -> "ServiceQuerySet":
        """The catalogue one school chooses from: national, its académie's, its collectivité's,
        and its own local services."""
        return self.filter(
            Q(origin=ServiceOrigin.NATIONAL)
            | Q(origin=ServiceOrigin.ACADEMIQUE, academie_id=school.academie_id)
            | Q(origin=ServiceOrigin.COLLECTIVITE, collectivite_id=school.collectivite_id)
            | Q(origin=ServiceOrigin.LOCAL, school=school)
        )

    def of_organisation(self, organisation) -> "ServiceQuerySet":
        """The catalogue an académie or a collectivité keeps for its schools."""
        if isinstance(organisation, Academie):
            return self.filter(origin=ServiceOrigin.ACADEMIQUE, academie=organisation)
        return self.filter(origin=ServiceOrigin.COLLECTIVITE, collectivite=organisation)

    def visible_to(self, user) -> "ServiceQuerySet":
        schools = School.objects.visible_to(user)
        return self.filter(
            Q(origin=ServiceOrigin.NATIONAL)
            | Q(academie__schools__in=schools)
            | Q(collectivite__schools__in=schools)
            | Q(school__in=schools)
        ).distinct()


class Service(AudienceMixin):
    """One entry of a catalogue.

    The attributes answer the head's questions from the source text: is it imposed
    (``obligation``), national or not (``origin``), public or private (``sector``), in the GAR
    catalogue, how do pupils / families and staff log in, whom to call when it breaks, and
    which personal data it processes (this feeds the RGPD register). ``to_confirm`` marks
    facts of the national referential whose official wording was not verified.
    """

    code = models.SlugField(
        "code",
        max_length=60,
        blank=True,
        help_text="Identifiant stable dans le référentiel national (vide ailleurs).",
    )
    name = models.CharField("nom", max_length=150)
    kind = models.CharField("nature", max_length=16, choices=ServiceKind.choices)
    description = models.TextField("description", blank=True)
    publisher = models.CharField("éditeur ou opérateur", max_length=150, blank=True)
    origin = models.CharField("catalogue", max_length=16, choices=ServiceOrigin.choices)
    academie = optional_link(
        Academie, "académie", related_name="services", on_delete=models.CASCADE
    )
    collectivite = optional_link(
        Collectivite, "collectivité", related_name="services", on_delete=models.CASCADE
    )
    school = optional_link(
        School, "établissement", related_name="local_services", on_delete=models.CASCADE
    )
    obligation = models.CharField(
        "usage", max_length=12, choices=Obligation.choices, default=Obligation.LIBRE
    )
    sector = models.CharField(
        "public ou privé", max_length=8, choices=Sector.choices, default=Sector.PUBLIC
    )
    gar = models.CharField(
        "au catalogue GAR",
        max_length=12,
        choices=GarListing.choices,
        default=GarListing.SANS_OBJET,
    )
    family_authentication = models.CharField(
        "connexion des élèves et familles",
        max_length=24,
        choices=Authentication.choices,
        blank=True,
        help_text="Laisser vide si le service ne s'adresse pas aux élèves ni aux familles.",
    )
    staff_authentication = models.CharField(
        "connexion des personnels",
        max_length=24,
        choices=Authentication.choices,
        blank=True,
        help_text="Laisser vide si le service ne s'adresse pas aux personnels.",
    )
    support_contact = models.CharField("assistance", max_length=32, choices=SupportContact.choices)
    url = models.URLField("adresse", blank=True)
    processes_personal_data = models.BooleanField("traite des données personnelles", default=False)
    personal_data_categories = models.TextField("catégories de données personnelles", blank=True)
    sensitive_data = models.BooleanField("données sensibles (art. 9 RGPD)", default=False)
    purpose = models.TextField("finalité du traitement", blank=True)
    legal_basis = models.CharField(
        "base légale", max_length=20, choices=LegalBasis.choices, blank=True
    )
    controller = models.CharField(
        "responsable de traitement",
        max_length=150,
        blank=True,
        help_text="Vide : le chef d'établissement.",
    )
    hosting = models.CharField(
        "hébergement", max_length=20, choices=Hosting.choices, default=Hosting.INCONNU
    )
    hosting_detail = models.CharField("précisions sur l'hébergement", max_length=200, blank=True)
    reserved_to = models.CharField(
        "réservé aux",
        max_length=8,
        choices=SchoolLevel.choices,
        blank=True,
        help_text="Vide : collèges et lycées.",
    )
    to_confirm = models.BooleanField("à confirmer", default=False)
    source = models.CharField("source", max_length=300, blank=True)
    is_offered = models.BooleanField(
        "proposé", default=True, help_text="Décocher pour retirer le service du catalogue."
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    history = HistoricalRecords()

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = "service"
        verbose_name_plural = "services"
        ordering = ["name"]
        indexes = [
            models.Index(fields=["origin", "name"]),
            models.Index(fields=["kind"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(origin="national") & ~Q(code=""),
                name="unique_national_service_code",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        origin="national",
                        academie__isnull=True,
                        collectivite__isnull=True,
                        school__isnull=True,
                    )
                    | Q(
                        origin="academique",
                        academie__isnull=False,
                        collectivite__isnull=True,
                        school__isnull=True,
                    )
                    | Q(
                        origin="collectivite",
                        academie__isnull=True,
                        collectivite__isnull=False,
                        school__isnull=True,
                    )
                    | Q(
                        origin="local",
                        academie__isnull=True,
                        collectivite__isnull=True,
                        school__isnull=False,
                    )
                ),
                name="service_owner_matches_origin",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def concerns(self, school: School) -> bool:
        """Whether the service applies to this type of school (LSL, Parcoursup: lycées)."""
        if not self.reserved_to:
            return True
        return (self.reserved_to == SchoolLevel.LYCEE) == school.is_lycee

    @property
    def owner(self):
        """The organisation that keeps this catalogue entry (None for the national one)."""
        return self.academie or self.collectivite or self.school

    @property
    def authentications(self) -> list[str]:
        labels = []
        if self.family_authentication:
            labels.append(f"élèves et familles : {self.get_family_authentication_display()}")
        if self.staff_authentication:
            labels.append(f"personnels : {self.get_staff_authentication_display()}")
        return labels


class SchoolService(DetailPage, SchoolOwnedModel):
    """A service adopted by a school, with the member who answers for it there.

    The referent is the person the head turns to about the service (accounts, settings,
    training); when that person leaves the school, the service counts again as « sans
    référent » in the indicators.
    """

    service = models.ForeignKey(
        Service,
        verbose_name="service",
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    referent = optional_user("référent dans l'établissement", related_name="referent_of_services")
    status = models.CharField(
        "statut",
        max_length=12,
        choices=SchoolServiceStatus.choices,
        default=SchoolServiceStatus.EN_SERVICE,
    )
    start_date = models.DateField("en service depuis", null=True, blank=True)
    end_date = models.DateField("retiré le", null=True, blank=True)
    notes = models.TextField("remarques", blank=True)

    detail_url_name = "catalogue:schoolservice_detail"

    class Meta:
        verbose_name = "service de l'établissement"
        verbose_name_plural = "services de l'établissement"
        ordering = ["service__name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "service"], name="unique_school_service")
        ]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self) -> str:
        return str(self.service)

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": "Le retrait ne peut pas précéder la mise en service."}
            )


def pending_q() -> Q:
    return Q(status__in=RequestStatus.pending())


def overdue_q(today: date | None = None) -> Q:
    """Submitted requests whose opinions are not all in by the deadline."""
    return Q(status=RequestStatus.SOUMISE, due_date__lt=today or timezone.localdate())


class ValidationRequestQuerySet(SchoolScopedQuerySet):
    def pending(self) -> "ValidationRequestQuerySet":
        return self.filter(pending_q())

    def overdue(self, today: date | None = None) -> "ValidationRequestQuerySet":
        return self.filter(overdue_q(today))

    def awaiting(self, authority: str) -> "ValidationRequestQuerySet":
        """Submitted requests on which ``authority`` has not given its opinion yet."""
        return self.filter(status=RequestStatus.SOUMISE).exclude(opinions__authority=authority)


class ValidationRequest(DetailPage, AudienceMixin, SchoolOwnedModel):
    """A request to use an application outside the GAR catalogue or equipment outside the
    dotation.

    The source text requires the prior validation of the académie's and the collectivité's
    security services. A member asks; the head (data controller) submits it; the académie's
    RSSI and the collectivité's manager each give an opinion before ``due_date``; the head
    then decides. A « défavorable » opinion forbids approval: the validation is a prior
    condition, not advice. An approved application becomes a local service adopted by the
    school, linked here.
    """

    kind = models.CharField(
        "objet", max_length=12, choices=RequestKind.choices, default=RequestKind.APPLICATION
    )
    title = models.CharField("application ou équipement", max_length=150)
    purpose = models.TextField("usage prévu")
    publisher = models.CharField("éditeur ou fournisseur", max_length=150)
    sector = models.CharField(
        "éditeur public ou privé", max_length=8, choices=Sector.choices, default=Sector.PRIVE
    )
    url = models.URLField("adresse", blank=True)
    service_kind = models.CharField(
        "nature du service",
        max_length=16,
        choices=ServiceKind.choices,
        default=ServiceKind.APPRENTISSAGE,
    )
    equipment_category = models.CharField(
        "catégorie d'équipement",
        max_length=20,
        choices=Category.choices,
        blank=True,
        help_text="Pour une demande d'équipement.",
    )
    cost = models.DecimalField(
        "coût annuel (€)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Vide ou 0 si gratuit.",
    )
    duration = models.CharField("durée d'utilisation", max_length=100)
    personal_data = models.TextField(
        "données personnelles traitées", blank=True, help_text="Vide si aucune."
    )
    sensitive_data = models.BooleanField("données sensibles", default=False)
    hosting = models.CharField(
        "hébergement", max_length=20, choices=Hosting.choices, default=Hosting.INCONNU
    )
    status = models.CharField(
        "étape",
        max_length=16,
        choices=RequestStatus.choices,
        default=RequestStatus.DEMANDEE,
    )
    requested_by = optional_user("demandé par", blank=False)
    requested_at = models.DateTimeField("demandé le", default=timezone.now)
    submitted_at = models.DateTimeField("soumis le", null=True, blank=True)
    due_date = models.DateField("avis attendus avant le", null=True, blank=True)
    decided_at = models.DateTimeField("décidé le", null=True, blank=True)
    decided_by = optional_user("décidé par")
    decision_comment = models.TextField("motif de la décision", blank=True)
    school_service = optional_link(
        SchoolService, "service créé", related_name="validation_request", one_to_one=True
    )
    equipment = optional_link(
        "inventory.Equipment", "équipement créé", related_name="validation_request", one_to_one=True
    )

    objects = ValidationRequestQuerySet.as_manager()

    detail_url_name = "catalogue:validationrequest_detail"

    class Meta:
        verbose_name = "demande de validation"
        verbose_name_plural = "demandes de validation"
        ordering = ["-requested_at"]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["status", "due_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display().lower()})"

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == RequestStatus.SOUMISE
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )

    def opinion_of(self, authority: str):
        for opinion in self.opinions.all():
            if opinion.authority == authority:
                return opinion
        return None

    @property
    def has_unfavourable_opinion(self) -> bool:
        return any(o.verdict == Verdict.DEFAVORABLE for o in self.opinions.all())

    @staticmethod
    def deadline_from(day: date) -> date:
        return day + timedelta(days=OPINION_DELAY_DAYS)


class ValidationOpinion(models.Model):
    """The opinion of the académie (RSSI) or of the collectivité on one request."""

    request = models.ForeignKey(
        ValidationRequest,
        verbose_name="demande",
        on_delete=models.CASCADE,
        related_name="opinions",
    )
    authority = models.CharField("instance", max_length=12, choices=Authority.choices)
    verdict = models.CharField("avis", max_length=12, choices=Verdict.choices)
    comment = models.TextField("commentaire", blank=True)
    given_by = optional_user("rendu par", blank=False)
    given_at = models.DateTimeField("rendu le", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "avis sur une demande"
        verbose_name_plural = "avis sur les demandes"
        ordering = ["authority"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "authority"], name="one_opinion_per_authority"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_authority_display()} : {self.get_verdict_display()}"


class RgpdRegister(OnePerSchoolModel):
    """The header of the school's register: the controller (the head) and the DPD.

    The chef d'établissement is the controller for the school's processing (Code de
    l'éducation, R.421-8); the académie usually pools one DPD for all its schools.
    """

    school = models.OneToOneField(
        School, verbose_name="établissement", on_delete=models.CASCADE, related_name="rgpd"
    )
    controller_name = models.CharField("responsable de traitement", max_length=150)
    controller_address = models.CharField("adresse", max_length=300, blank=True)
    controller_phone = models.CharField("téléphone", max_length=30, blank=True)
    controller_email = models.EmailField("adresse électronique", blank=True)
    dpo_name = models.CharField("délégué à la protection des données (DPD)", max_length=150)
    dpo_contact = models.CharField("contact du DPD", max_length=200)

    class Meta:
        verbose_name = "registre des traitements"
        verbose_name_plural = "registres des traitements"

    def __str__(self) -> str:
        return f"Registre des activités de traitement — {self.school}"


# Fields a fiche must fill to satisfy art. 30 RGPD and the CNIL model; labels for the check.
REQUIRED_ENTRY_FIELDS = {
    "name": "nom du traitement",
    "purposes": "finalités",
    "legal_basis": "base légale",
    "data_subjects": "catégories de personnes",
    "data_categories": "catégories de données",
    "recipients": "destinataires",
    "retention": "durées de conservation",
    "security_measures": "mesures de sécurité",
}


class RegisterEntry(SchoolOwnedModel):
    """One fiche of the register of processing activities (art. 30 RGPD, CNIL model)."""

    school_service = optional_link(
        SchoolService, "service concerné", related_name="register_entries"
    )
    reference = models.CharField("référence", max_length=30, blank=True)
    name = models.CharField("nom du traitement", max_length=200)
    controller = models.CharField(
        "responsable de traitement",
        max_length=150,
        blank=True,
        help_text="Vide : le chef d'établissement (en-tête du registre).",
    )
    joint_controllers = models.CharField("responsables conjoints", max_length=300, blank=True)
    processors = models.TextField("sous-traitants", blank=True)
    purposes = models.TextField("finalités")
    legal_basis = models.CharField(
        "base légale", max_length=20, choices=LegalBasis.choices, blank=True
    )
    data_subjects = models.TextField("catégories de personnes concernées", blank=True)
    data_categories = models.TextField("catégories de données", blank=True)
    sensitive_data = models.BooleanField("données sensibles (art. 9 RGPD)", default=False)
    sensitive_data_detail = models.CharField(
        "données sensibles : lesquelles", max_length=300, blank=True
    )
    recipients = models.TextField("destinataires", blank=True)
    transfers_outside_eu = models.BooleanField(
        "transferts hors de l'Union européenne", default=False
    )
    transfer_safeguards = models.TextField("garanties des transferts", blank=True)
    retention = models.TextField("durées de conservation", blank=True)
    security_measures = models.TextField("mesures de sécurité", blank=True)
    created_on = models.DateField("créée le", default=timezone.localdate)
    updated_on = models.DateField("mise à jour le", default=timezone.localdate)

    class Meta:
        verbose_name = "fiche du registre"
        verbose_name_plural = "fiches du registre"
        ordering = ["name"]
        indexes = [models.Index(fields=["school", "name"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.updated_on = timezone.localdate()
        super().save(*args, **kwargs)

    def missing_fields(self) -> list[str]:
        """What an académie DPD would send back: required items left empty, and the
        safeguards of a declared transfer or the nature of declared sensitive data."""
        missing = [
            label for name, label in REQUIRED_ENTRY_FIELDS.items() if not getattr(self, name)
        ]
        if self.transfers_outside_eu and not self.transfer_safeguards:
            missing.append("garanties des transferts hors UE")
        if self.sensitive_data and not self.sensitive_data_detail:
            missing.append("nature des données sensibles")
        return missing

    @property
    def is_complete(self) -> bool:
        return not self.missing_fields()
