"""Organisations, people, memberships, the security journal, import batches, and the
machinery of background work (mail outbox, jobs with progress, worker heartbeats).

The school is the tenant: every school-scoped row of every module has a ``school`` foreign
key and its manager derives from :class:`SchoolScopedQuerySet`, so that scoping is written
once (``visible_to`` / ``for_school``) and never re-invented in a view.
"""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from simple_history.models import HistoricalRecords

from . import chain
from .choices import CollectiviteKind, JournalAction, OrganisationKind, Role, SchoolType
from .fields import optional_link, optional_user
from .uai import validate_uai


class User(AbstractUser):
    """A person who logs in to Pilote. Rights come from memberships, never from the user."""

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Academie(models.Model):
    code = models.CharField("code", max_length=3, unique=True)
    name = models.CharField("nom", max_length=120)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "académie"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"Académie de {self.name}" if not self.name.startswith("Académie") else self.name

    @property
    def organisation_kind(self) -> str:
        return OrganisationKind.ACADEMIE


class Collectivite(models.Model):
    """The département (collèges) or région (lycées) that owns the buildings and equipment."""

    kind = models.CharField("nature", max_length=12, choices=CollectiviteKind.choices)
    code = models.CharField("code", max_length=3)
    name = models.CharField("nom", max_length=120)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "collectivité"
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="unique_collectivite_code")
        ]

    def __str__(self) -> str:
        prefix = "Département" if self.kind == CollectiviteKind.DEPARTEMENT else "Région"
        return f"{prefix} {self.name}"

    @property
    def organisation_kind(self) -> str:
        return OrganisationKind.COLLECTIVITE


class SchoolQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SchoolQuerySet":
        """Schools the user reaches through an active membership, directly or by territory."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        memberships = Membership.objects.active().filter(user=user)
        return self.filter(
            Q(pk__in=memberships.values("school"))
            | Q(collectivite__in=memberships.values("collectivite"))
            | Q(academie__in=memberships.values("academie"))
        )


class School(models.Model):
    uai = models.CharField("UAI", max_length=8, unique=True, validators=[validate_uai])
    name = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=8, choices=SchoolType.choices)
    commune = models.CharField("commune", max_length=120, blank=True)
    collectivite = models.ForeignKey(
        Collectivite,
        verbose_name="collectivité de rattachement",
        on_delete=models.PROTECT,
        related_name="schools",
    )
    academie = models.ForeignKey(
        Academie, verbose_name="académie", on_delete=models.PROTECT, related_name="schools"
    )
    declared_pupils = models.PositiveIntegerField(
        "effectif déclaré",
        null=True,
        blank=True,
        help_text="Nombre d'élèves utilisé tant qu'aucun import SIECLE n'a été fait.",
    )
    history = HistoricalRecords()

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = "établissement"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_kind(self) -> str:
        return OrganisationKind.SCHOOL

    @property
    def is_lycee(self) -> bool:
        return self.type in SchoolType.lycee_types()

    def head(self) -> "User | None":
        """The head of the school today (the earliest active « chef » membership): the person
        documents name as controller of the RGPD register or as signatory of a letter."""
        membership = (
            Membership.objects.active()
            .filter(school=self, role=Role.CHEF)
            .select_related("user")
            .order_by("start_date")
            .first()
        )
        return membership.user if membership else None


class SchoolScopedQuerySet(models.QuerySet):
    """Base queryset of every school-scoped model of every module."""

    def for_school(self, school) -> "SchoolScopedQuerySet":
        return self.filter(school=school)

    def visible_to(self, user) -> "SchoolScopedQuerySet":
        return self.filter(school__in=School.objects.visible_to(user))


class SchoolScopedModel(models.Model):
    """A row that belongs to one school: the tenant key and the scoped manager, written once.

    There is no reverse accessor on :class:`School` (``related_name="+"``): a school's rows
    are read as ``Model.objects.for_school(school)``, the one way tenancy is filtered. A model
    with its own queryset derives it from :class:`SchoolScopedQuerySet`.
    """

    school = models.ForeignKey(
        School, verbose_name="établissement", on_delete=models.CASCADE, related_name="+"
    )

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class DetailPage:
    """A school's row that has its own page, at ``/etablissements/<uai>/…/<pk>/``.

    Every such page is routed by the school's UAI and the row's key, so the model names only
    its route (``detail_url_name = "inventory:room_detail"``) instead of rewriting the same
    ``get_absolute_url``. Only rows with a page mix it in: a model without it has no URL.
    """

    detail_url_name: str

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, kwargs={"uai": self.school.uai, "pk": self.pk})


class SchoolOwnedModel(SchoolScopedModel):
    """A school's row whose every change is kept (simple_history), as most of them are.

    ``inherit=True`` gives each concrete subclass its own ``Historical…`` model and table,
    named as if it had declared ``history = HistoricalRecords()`` itself.
    """

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class DueQuerySet(SchoolScopedQuerySet):
    """The queryset of a :class:`DueByDate` model: open rows, and those already late."""

    def open(self) -> "DueQuerySet":
        return self.filter(status__in=self.model.statuses.open_values())

    def overdue(self, on=None) -> "DueQuerySet":
        """Open rows whose due date has passed (on ``on``, today by default)."""
        return self.open().filter(due_date__lt=on or timezone.localdate())


class DueByDate:
    """A school's row that stays open until done and is due by ``due_date`` (an action of the
    plan, an assistance request): « open », « late » and « how late » follow one rule, in lists
    (:class:`DueQuerySet`) and on one row alike.

    The model names its status choices (``statuses``), whose ``open_values()`` are the
    statuses somebody still has to act on.
    """

    statuses: type

    @property
    def is_open(self) -> bool:
        return self.status in self.statuses.open_values()

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()

    @property
    def days_late(self) -> int:
        return (timezone.localdate() - self.due_date).days if self.is_overdue else 0


class OnePerSchoolModel(models.Model):
    """What a school has exactly one of (a module's settings, its calendar, the header of its
    register): the history and the scoped manager of a school's row, written once.

    The key stays in each model, a one-to-one field to :class:`School`, because the school
    reads it through a public accessor of its own (``school.usage_settings``,
    ``school.rgpd``). Its name reads « Réglages des usages — Collège Jean Moulin ».
    """

    history = HistoricalRecords(inherit=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{capfirst(self._meta.verbose_name)} — {self.school}"


class MembershipQuerySet(models.QuerySet):
    def active(self, on=None) -> "MembershipQuerySet":
        day = on or timezone.localdate()
        # ``end_date`` is the day the role ended: from that day on it gives nothing.
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=day)
        )

    def reaching(self, school: School) -> "MembershipQuerySet":
        """Memberships giving rights on ``school``: its own, its collectivité's, its académie's."""
        return self.filter(
            Q(school=school)
            | Q(collectivite_id=school.collectivite_id)
            | Q(academie_id=school.academie_id)
        )


class Membership(models.Model):
    """A person's role in one organisation: a school, a collectivité or an académie.

    Exactly one of the three organisation fields is set (a check constraint says so). A
    membership is never deleted: ending it sets ``end_date``, so that history says who held
    which role when.
    """

    user = models.ForeignKey(
        User, verbose_name="personne", on_delete=models.CASCADE, related_name="memberships"
    )
    school = optional_link(School, related_name="memberships", on_delete=models.CASCADE)
    collectivite = optional_link(Collectivite, related_name="memberships", on_delete=models.CASCADE)
    academie = optional_link(Academie, related_name="memberships", on_delete=models.CASCADE)
    role = models.CharField("rôle", max_length=24, choices=Role.choices)
    start_date = models.DateField("début", default=timezone.localdate)
    end_date = models.DateField("fin", null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "appartenance"
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(school__isnull=False, collectivite__isnull=True, academie__isnull=True)
                    | Q(school__isnull=True, collectivite__isnull=False, academie__isnull=True)
                    | Q(school__isnull=True, collectivite__isnull=True, academie__isnull=False)
                ),
                name="membership_exactly_one_organisation",
            )
        ]
        indexes = [models.Index(fields=["user", "end_date"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"

    @property
    def organisation(self):
        return self.school or self.collectivite or self.academie

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date > today)

    def clean(self) -> None:
        from .permissions import roles_for_kind

        organisation = self.organisation
        if organisation is None:
            raise ValidationError("Une appartenance doit viser une organisation.")
        if self.role and self.role not in roles_for_kind(organisation.organisation_kind):
            raise ValidationError({"role": "Ce rôle n'existe pas pour ce type d'organisation."})
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "La fin ne peut pas précéder le début."})


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an entry of an append-only record."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Le journal ne peut pas être modifié.")

    def delete(self):
        raise AppendOnlyError("Le journal ne peut pas être effacé.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("Le journal ne peut pas être modifié.")

    def bulk_create(self, objs, *args, **kwargs):
        raise AppendOnlyError("Le journal s'écrit une entrée à la fois (chaînage).")

    def for_school(self, school) -> "AppendOnlyQuerySet":
        return self.filter(school=school)


class AppendOnlyModel(models.Model):
    """Rows that can be added, never changed nor removed (traçabilité): the model refuses one
    by one, its queryset (:class:`AppendOnlyQuerySet`) in bulk, and the database too (the
    triggers of each module's migrations). ``entry_label`` names a row in the refusal."""

    entry_label = "Une entrée"

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refuse_rewrite()
        super().save(*args, **kwargs)

    def refuse_rewrite(self) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{self.entry_label} ne peut pas être modifiée.")

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self.entry_label} ne peut pas être effacée.")


# Any constant: the key of PostgreSQL's advisory lock that serialises journal writes.
JOURNAL_LOCK = 0x70696C6F7465


class JournalEntry(AppendOnlyModel):
    """One security event. Append-only: the model, its queryset and the database refuse
    updates and deletions (traçabilité, the T of DICT), and each entry is chained to the
    previous one by a hash (:mod:`pilote.core.chain`), so that a rewrite shows."""

    timestamp = models.DateTimeField("date", default=timezone.now, db_index=True)
    action = models.CharField("événement", max_length=40, db_index=True)
    actor = optional_user("auteur", on_delete=models.PROTECT)
    actor_label = models.CharField("auteur (au moment des faits)", max_length=200, blank=True)
    school = optional_link(School, related_name="journal_entries", on_delete=models.PROTECT)
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    summary = models.CharField("résumé", max_length=300)
    details = models.JSONField("détails", default=dict, blank=True)
    previous_hash = models.CharField("empreinte de l'entrée précédente", max_length=64, blank=True)
    hash = models.CharField("empreinte", max_length=64, blank=True, editable=False)

    entry_label = "Une entrée du journal"

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal de sécurité"
        ordering = ["-timestamp", "-pk"]
        indexes = [models.Index(fields=["school", "-timestamp"])]
        # Deletions by cascade or by ``_base_manager`` go through the append-only queryset.
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.timestamp:%d/%m/%Y %H:%M} — {self.summary}"

    def save(self, *args, **kwargs):
        self.refuse_rewrite()  # before the chain is locked and read
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            self._lock_chain(using)
            self.details = chain.normalise_details(self.details)
            self.ip_address = chain.normalise_ip(self.ip_address)
            last = JournalEntry.objects.using(using).order_by("-pk").values_list("hash")[:1]
            self.previous_hash = last[0][0] if last else chain.GENESIS
            self.hash = chain.digest(self, self.previous_hash)
            super().save(*args, **kwargs)

    @staticmethod
    def _lock_chain(using: str) -> None:
        """One writer at a time reads the last hash and appends (until its transaction
        ends), so that two simultaneous events never chain to the same entry. SQLite
        already serialises writers (transactions begin IMMEDIATE)."""
        connection = connections[using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [JOURNAL_LOCK])

    def get_action_display(self) -> str:
        try:
            return JournalAction(self.action).label
        except ValueError:
            return self.action


class UserSession(models.Model):
    """A session opened by logging in, so that a person sees and ends their own sessions
    (« Mon compte ») — Django's session table cannot be searched by person."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="open_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField("ouverte le", default=timezone.now)
    last_seen = models.DateTimeField("dernière activité", default=timezone.now)
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    user_agent = models.CharField("navigateur", max_length=200, blank=True)

    class Meta:
        verbose_name = "session"
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.user} — {self.user_agent or 'navigateur inconnu'}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "En attente de confirmation"
    APPLIED = "applied", "Appliqué"
    CANCELLED = "cancelled", "Annulé"
    REVERTED = "reverted", "Annulé après application"
    REFUSED = "refused", "Refusé"


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    """Where an attachment is stored: each kind of attachment says it (``upload_path``)."""
    return instance.upload_path(filename)


class Attachment(models.Model):
    """A file someone put in Pilote (a scan, a signed letter): the file, the name it had, its
    size, who deposited it and when — kept with its history, as the row it is attached to.

    A concrete attachment adds the foreign key to what it is attached to and ``upload_path``;
    :meth:`store` and :meth:`download` are the one way to write and to serve one (the name is
    cleaned, the file is served as a download, a file gone from the disk is a 404).
    """

    file = models.FileField("fichier", upload_to=attachment_upload_to, max_length=255)
    original_name = models.CharField("nom du fichier", max_length=200)
    size = models.PositiveIntegerField("taille (octets)")
    uploaded_by = optional_user("déposée par", blank=False)
    uploaded_at = models.DateTimeField("déposée le", default=timezone.now)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    def upload_path(self, filename: str) -> str:
        raise NotImplementedError("Une pièce jointe dit où elle est rangée (upload_path).")

    @classmethod
    def store(cls, upload, user, **owner) -> "Attachment":
        """Save ``upload`` (already checked by its form) as a new attachment of ``owner``."""
        from .uploads import safe_filename

        name = safe_filename(upload.name)
        attachment = cls(original_name=name, size=upload.size, uploaded_by=user, **owner)
        attachment.file.save(name, upload, save=False)
        attachment.save()
        return attachment

    def download(self):
        """The file as a download response (404 in French when it is gone from the disk)."""
        from .uploads import attachment_response

        return attachment_response(self.file, self.original_name)


class ImportBatch(models.Model):
    """One uploaded file, from preview to decision.

    The file's bytes are kept only while the user reads the preview; they are erased when the
    import is applied or cancelled (minimise personal data), the counts stay as history.
    """

    school = optional_link(School, related_name="import_batches", on_delete=models.CASCADE)
    kind = models.CharField("type d'import", max_length=40)
    filename = models.CharField("fichier", max_length=255)
    status = models.CharField(
        "statut", max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    uploaded_by = optional_user()
    created_at = models.DateTimeField("déposé le", auto_now_add=True)
    decided_at = models.DateTimeField("décidé le", null=True, blank=True)
    content = models.BinaryField("contenu", null=True, blank=True, editable=False)
    summary = models.JSONField("bilan", default=dict, blank=True)
    metadata = models.JSONField("métadonnées du fichier", default=dict, blank=True)
    reverted_at = models.DateTimeField("annulé le", null=True, blank=True)
    reverted_by = optional_user()

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "import"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "À envoyer"
    SENT = "sent", "Envoyé"
    FAILED = "failed", "Échec"


class OutboxMessage(models.Model):
    """One e-mail, written in the same transaction as the action that causes it.

    The action never waits for the mail server: a task sends the message after the commit, with
    a timeout, and retries later if the server is down or refuses. A message that keeps failing
    stays here, visible to the head, who can send it again. ``claimed_by`` / ``claimed_until``
    are the lease of the task sending it, so two workers never send the same message at once;
    ``queued_at`` says when a task was last queued for it (the worker's sweep finds the lost).
    """

    school = optional_link(School, related_name="+")
    recipients = models.JSONField("destinataires", default=list)
    subject = models.CharField("objet", max_length=300)
    body = models.TextField("texte")
    status = models.CharField(
        "état", max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    last_error = models.TextField("dernière erreur", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    next_attempt_at = models.DateTimeField("prochaine tentative", default=timezone.now)
    queued_at = models.DateTimeField(default=timezone.now, editable=False)
    claimed_by = models.CharField(max_length=64, blank=True, editable=False)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "courriel"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.subject


class OutboxAttachment(models.Model):
    """A file joined to a queued e-mail (an incident report PDF, for example)."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="files")
    filename = models.CharField(max_length=255)
    mimetype = models.CharField(max_length=100)
    content = models.BinaryField()

    def __str__(self) -> str:
        return self.filename


class JobStatus(models.TextChoices):
    QUEUED = "queued", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    FAILED = "failed", "Échec"


class BackgroundJob(models.Model):
    """Long work a person asked for (a PDF, an export, an import), done by the worker.

    The task updates ``progress`` as it goes; the page of the job shows it and, at the end, the
    file to download or the page to open. Only the person who asked sees the job and its result.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    label = models.CharField("travail", max_length=200)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    school = optional_link(School, related_name="+", on_delete=models.CASCADE)
    status = models.CharField(
        "état", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    message = models.CharField("étape", max_length=300, blank=True)
    result_file = models.FileField(upload_to="travaux/%Y/%m/", blank=True)
    result_name = models.CharField("nom du fichier", max_length=255, blank=True)
    result_url = models.CharField("page du résultat", max_length=500, blank=True)
    error = models.TextField("erreur", blank=True)
    created_at = models.DateTimeField("demandé le", auto_now_add=True)
    started_at = models.DateTimeField("commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "travail en arrière-plan"
        verbose_name_plural = "travaux en arrière-plan"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("core:job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class WorkerHeartbeat(models.Model):
    """A running ``pilote worker``: when it last said it was alive.

    ``/sante/`` reads it, and a worker finding another one silent gives that one's running
    tasks back to the queue (a killed worker loses nothing).
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField()

    class Meta:
        verbose_name = "processus d'arrière-plan"

    def __str__(self) -> str:
        return self.worker_id


class DailyRun(models.Model):
    """How each daily job went, one row per job and day (``pilote quotidien``)."""

    code = models.CharField("travail", max_length=60)
    day = models.DateField("jour")
    ok = models.BooleanField("réussi")
    summary = models.CharField("bilan", max_length=500, blank=True)
    seconds = models.FloatField("durée (s)")
    finished_at = models.DateTimeField("terminé à", auto_now=True)

    class Meta:
        verbose_name = "travail quotidien"
        constraints = [models.UniqueConstraint(fields=["code", "day"], name="daily_run_once")]

    def __str__(self) -> str:
        return f"{self.code} {self.day}"


# --- Territories: stored indicator values ---------------------------------------------------


class SchoolIndicators(models.Model):
    """Every indicator of one school as last measured, for the territorial pages.

    Refreshed by the worker (every night, and after an import into the school), so that a
    territory's pages read one row per school instead of measuring hundreds of schools during
    the request. ``values`` and ``statuses`` map an indicator code to its value and status;
    ``gaps`` to how far the value is short of what judges it (relative, only when short), and
    ``targets`` to the value the school's own target asks for today (only when it sets one):
    the académie ranks its schools by distance to their own targets without measuring them.
    """

    school = models.OneToOneField(
        School,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stored_indicators",
    )
    values = models.JSONField("valeurs", default=dict)
    statuses = models.JSONField("états", default=dict)
    gaps = models.JSONField("écarts à la cible ou au seuil", default=dict)
    targets = models.JSONField("cibles de l'établissement", default=dict)
    alerts = models.PositiveSmallIntegerField("indicateurs en alerte", default=0)
    watches = models.PositiveSmallIntegerField("indicateurs à surveiller", default=0)
    refreshed_at = models.DateTimeField("mesuré le", default=timezone.now)

    class Meta:
        verbose_name = "valeurs des indicateurs d'un établissement"
        verbose_name_plural = "valeurs des indicateurs des établissements"
        indexes = [models.Index(fields=["-alerts", "-watches"], name="schoolind_alerts")]

    def __str__(self) -> str:
        return f"Indicateurs de l'établissement {self.school_id}"


class TerritorySummary(models.Model):
    """The distribution of each indicator across a territory's schools (refreshed with the
    schools' values): ``stats`` maps a code to its count, quartiles, alerts and histogram."""

    academie = optional_link(
        Academie, related_name="summary", on_delete=models.CASCADE, one_to_one=True
    )
    collectivite = optional_link(
        Collectivite, related_name="summary", on_delete=models.CASCADE, one_to_one=True
    )
    schools = models.PositiveIntegerField("établissements", default=0)
    measured = models.PositiveIntegerField("établissements mesurés", default=0)
    stats = models.JSONField("répartitions", default=dict)
    refreshed_at = models.DateTimeField("mesuré le", default=timezone.now)

    class Meta:
        verbose_name = "synthèse d'un territoire"
        verbose_name_plural = "synthèses des territoires"

    def __str__(self) -> str:
        return f"Synthèse de {self.academie or self.collectivite}"


class TableColumns(models.Model):
    """The columns a person chose for one list (``table``: the list's key, such as
    ``inventory.EquipmentTable`` for a school's list, every school alike, or
    ``territory:academie:17`` for the indicators of a territory's table of schools), kept for
    their next visits.

    Only names are stored; what the person may see is decided again on every page, so a name
    saved here never shows a column their role no longer allows."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="table_columns", verbose_name="personne"
    )
    table = models.CharField("liste", max_length=100)
    columns = models.JSONField("colonnes", default=list)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "colonnes choisies d'une liste"
        verbose_name_plural = "colonnes choisies des listes"
        constraints = [
            models.UniqueConstraint(fields=["user", "table"], name="table_columns_unique")
        ]

    def __str__(self) -> str:
        return f"Colonnes de {self.user} pour {self.table}"
