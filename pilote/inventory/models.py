"""The Parc: the school's rooms, its equipment, and the collectivité's adaptations of the socle.

The source text asks the head to know four things about each device: where it comes from
(national offer, collectivité, local purchase), how old it is, whether it serves teaching or
administration, and who maintains it. Age and « beyond lifetime » are computed from the
acquisition date and the expected lifetime, never stored, so that they stay true every day.
"""

import operator
from datetime import date
from functools import reduce

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pilote.core.fields import optional_link, optional_user
from pilote.core.models import (
    Collectivite,
    DetailPage,
    SchoolOwnedModel,
    SchoolScopedQuerySet,
)

from .choices import (
    DEFAULT_LIFETIME_YEARS,
    MAX_LIFETIME_YEARS,
    Category,
    Coverage,
    EquipmentDomain,
    EquipmentStatus,
    Maintainer,
    Origin,
    RoomKind,
    SocleAction,
    SocleDomain,
    SocleLevel,
    SocleVariant,
)


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


# What describes a room, in the order the pages show it: the form edits it (and the notes), the
# list shows it (and the devices in service) and the API publishes it, so that a field added to
# a room reaches all three.
ROOM_FIELDS = [
    "name",
    "building",
    "floor",
    "kind",
    "capacity",
    "wired_network",
    "wifi_coverage",
]

# How a device came to the school and how long it should serve (the right-hand column of its
# page), in this order: the forms edit them, the imports write them and the API publishes them.
ACQUISITION_FIELDS = [
    "domain",
    "origin",
    "funding_programme",
    "acquisition_date",
    "cost",
    "warranty_end",
    "lifetime_years",
]


class Room(DetailPage, SchoolOwnedModel):
    """A room of the school. Its kind drives the socle rules (« every classroom has… »)."""

    name = models.CharField("nom", max_length=80)
    building = models.CharField("bâtiment", max_length=60, blank=True)
    floor = models.CharField("étage", max_length=20, blank=True)
    kind = models.CharField("type de salle", max_length=24, choices=RoomKind.choices)
    capacity = models.PositiveSmallIntegerField("capacité (places)", null=True, blank=True)
    wired_network = models.CharField(
        "réseau filaire", max_length=8, choices=Coverage.choices, default=Coverage.NON
    )
    wifi_coverage = models.CharField(
        "couverture wifi", max_length=8, choices=Coverage.choices, default=Coverage.NON
    )
    notes = models.TextField("remarques", blank=True)

    detail_url_name = "inventory:room_detail"

    class Meta:
        verbose_name = "salle"
        verbose_name_plural = "salles"
        ordering = ["building", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "building", "name"], name="inventory_room_unique_name"
            )
        ]
        indexes = [models.Index(fields=["school", "kind"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.building})" if self.building else self.name


class EquipmentQuerySet(SchoolScopedQuerySet):
    def in_fleet(self) -> "EquipmentQuerySet":
        return self.filter(status__in=EquipmentStatus.in_fleet())

    def beyond_lifetime(self, on: date | None = None) -> "EquipmentQuerySet":
        return self.filter(beyond_lifetime_q(on))


def beyond_lifetime_q(on: date | None = None) -> Q:
    """Devices whose acquisition date plus their own lifetime is past ``on``.

    The lifetime differs per device, so the condition is one term per possible lifetime: a
    portable SQL expression that needs no date arithmetic in the database.
    """
    day = on or timezone.localdate()
    terms = [
        Q(lifetime_years=years, acquisition_date__lte=years_before(day, years))
        for years in range(1, MAX_LIFETIME_YEARS + 1)
    ]
    return reduce(operator.or_, terms)


class Equipment(DetailPage, SchoolOwnedModel):
    """One device. A classe mobile is itself a device whose ``cart_contents`` are the devices
    it carries (tablets, laptops, its access point)."""

    category = models.CharField("catégorie", max_length=20, choices=Category.choices)
    inventory_number = models.CharField("n° d'inventaire", max_length=60, blank=True)
    serial_number = models.CharField("n° de série", max_length=80, blank=True)
    brand = models.CharField("marque", max_length=60, blank=True)
    model = models.CharField("modèle", max_length=100, blank=True)
    room = optional_link(Room, "salle", related_name="equipment")
    cart = optional_link(
        "self",
        "classe mobile",
        related_name="cart_contents",
        limit_choices_to={"category": Category.CLASSE_MOBILE},
        help_text="Classe mobile qui contient cet appareil.",
    )
    domain = models.CharField(
        "domaine",
        max_length=14,
        choices=EquipmentDomain.choices,
        default=EquipmentDomain.PEDAGOGIQUE,
    )
    origin = models.CharField(
        "origine", max_length=14, choices=Origin.choices, default=Origin.COLLECTIVITE
    )
    funding_programme = models.CharField("programme de financement", max_length=120, blank=True)
    acquisition_date = models.DateField("date d'acquisition", null=True, blank=True)
    cost = models.DecimalField(
        "coût (€ TTC)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    warranty_end = models.DateField("fin de garantie", null=True, blank=True)
    lifetime_years = models.PositiveSmallIntegerField(
        "durée de vie prévue (ans)",
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_LIFETIME_YEARS)],
        help_text="Laisser vide pour la valeur par défaut de la catégorie.",
    )
    status = models.CharField(
        "état", max_length=14, choices=EquipmentStatus.choices, default=EquipmentStatus.EN_SERVICE
    )
    reform_date = models.DateField("date de réforme", null=True, blank=True)
    maintainer = models.CharField(
        "maintenu par", max_length=14, choices=Maintainer.choices, default=Maintainer.COLLECTIVITE
    )
    operating_system = models.CharField("système d'exploitation", max_length=60, blank=True)
    notes = models.TextField("remarques", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = EquipmentQuerySet.as_manager()

    detail_url_name = "inventory:equipment_detail"

    class Meta:
        verbose_name = "équipement"
        verbose_name_plural = "équipements"
        ordering = ["category", "inventory_number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "inventory_number"],
                condition=~Q(inventory_number=""),
                name="inventory_equipment_unique_number",
            )
        ]
        indexes = [
            models.Index(fields=["school", "category", "inventory_number"]),
            models.Index(fields=["school", "status"]),
            models.Index(fields=["school", "room"]),
            models.Index(fields=["school", "acquisition_date"]),
            models.Index(fields=["school", "serial_number"]),
            models.Index(fields=["school", "domain", "category"]),
        ]

    def __str__(self) -> str:
        label = " ".join(part for part in (self.brand, self.model) if part)
        label = label or self.get_category_display()
        return f"{label} — {self.inventory_number}" if self.inventory_number else label

    def save(self, *args, **kwargs):
        if not self.lifetime_years:
            self.lifetime_years = default_lifetime(self.category)
        if self.status == EquipmentStatus.REFORME and not self.reform_date:
            self.reform_date = timezone.localdate()
        super().save(*args, **kwargs)

    # A list of devices (booking, loan, support request) names each one by ``choice_label``.
    choice_related = ("room",)

    def choice_label(self) -> str:
        """« PC-CDI-03 — Ordinateur portable Dell Latitude 5420, CDI »: the number written on
        the device first (what a person types), then what it is and where it stands."""
        what = " ".join(p for p in (self.get_category_display(), self.brand, self.model) if p)
        label = f"{self.inventory_number} — {what}" if self.inventory_number else what
        if not self.inventory_number and self.serial_number:
            label += f" (n° de série {self.serial_number})"
        return f"{label}, {self.room.name}" if self.room_id else label

    def clean(self) -> None:
        if self.cart_id and self.cart_id == self.pk:
            raise ValidationError({"cart": "Un appareil ne peut pas se contenir lui-même."})
        if self.cart_id and self.category == Category.CLASSE_MOBILE:
            raise ValidationError({"cart": "Une classe mobile ne se range pas dans une autre."})
        if self.reform_date and self.status != EquipmentStatus.REFORME:
            raise ValidationError(
                {"reform_date": "Une date de réforme n'a de sens que pour un appareil réformé."}
            )
        acquired, warranty_end = self.acquisition_date, self.warranty_end
        if warranty_end and acquired and warranty_end < acquired:
            raise ValidationError(
                {"warranty_end": "La fin de garantie précède la date d'acquisition."}
            )

    def age_years(self, on: date | None = None) -> int | None:
        """Whole years since acquisition; None when the date is unknown."""
        if not self.acquisition_date:
            return None
        day = on or timezone.localdate()
        years = day.year - self.acquisition_date.year
        if (day.month, day.day) < (self.acquisition_date.month, self.acquisition_date.day):
            years -= 1
        return max(years, 0)

    @property
    def end_of_life(self) -> date | None:
        if not self.acquisition_date:
            return None
        lifetime = self.lifetime_years or default_lifetime(self.category)
        return years_before(self.acquisition_date, -lifetime)

    def is_beyond_lifetime(self, on: date | None = None) -> bool:
        end = self.end_of_life
        return end is not None and end <= (on or timezone.localdate())

    @property
    def is_under_warranty(self) -> bool:
        return bool(self.warranty_end and self.warranty_end >= timezone.localdate())


def default_lifetime(category: str) -> int:
    return DEFAULT_LIFETIME_YEARS.get(category, DEFAULT_LIFETIME_YEARS[Category.AUTRE])


class SocleAdaptation(models.Model):
    """A collectivité's change to the national socle, for all its schools of one variant.

    The national YAML file is never edited: the académie and the collectivité agree on their
    socle from the national referential, so the collectivité records here what differs (a
    threshold, an item dropped, an item added), and every school sees which version applies.
    """

    collectivite = models.ForeignKey(
        Collectivite,
        verbose_name="collectivité",
        on_delete=models.CASCADE,
        related_name="socle_adaptations",
    )
    variant = models.CharField("socle", max_length=8, choices=SocleVariant.choices)
    action = models.CharField("adaptation", max_length=8, choices=SocleAction.choices)
    item_id = models.SlugField("identifiant de l'élément", max_length=60)
    threshold = models.PositiveIntegerField("seuil", null=True, blank=True)
    label = models.CharField("libellé", max_length=200, blank=True)
    domain = models.CharField(
        "domaine du socle", max_length=20, choices=SocleDomain.choices, blank=True
    )
    level = models.CharField(
        "statut", max_length=10, choices=SocleLevel.choices, default=SocleLevel.SOCLE
    )
    rule = models.JSONField("règle", default=dict, blank=True)
    reason = models.TextField("motif", blank=True)
    updated_by = optional_user("modifié par")
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "adaptation du socle"
        verbose_name_plural = "adaptations du socle"
        ordering = ["variant", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collectivite", "variant", "item_id"], name="inventory_socle_one_change"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} : {self.item_id} ({self.get_variant_display()})"
