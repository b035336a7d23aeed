"""Forms of the Parc. Every room or cart offered belongs to the current school."""

from django import forms
from django.core.exceptions import ValidationError

from pilote.core.forms import PiloteForm, SchoolScopedModelForm

from .choices import (
    Category,
    EquipmentStatus,
    RoomKind,
    RuleKind,
    SocleAction,
)
from .models import ACQUISITION_FIELDS, ROOM_FIELDS, Equipment, Room, SocleAdaptation

MAX_BATCH = 500


class RoomForm(SchoolScopedModelForm):
    class Meta:
        model = Room
        fields = [*ROOM_FIELDS, "notes"]

    def clean(self):
        cleaned = super().clean()
        duplicate = (
            Room.objects.for_school(self.school)
            .filter(
                name=cleaned.get("name", ""),
                building=cleaned.get("building", ""),
            )
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if duplicate:
            raise ValidationError("Une salle de ce nom existe déjà dans ce bâtiment.")
        return cleaned


EQUIPMENT_FIELDS = [
    "category",
    "brand",
    "model",
    "room",
    *ACQUISITION_FIELDS,
    "maintainer",
    "operating_system",
    "notes",
]


class EquipmentForm(SchoolScopedModelForm):
    class Meta:
        model = Equipment
        fields = [
            "inventory_number",
            "serial_number",
            *EQUIPMENT_FIELDS,
            "cart",
            "status",
            "reform_date",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lifetime_years"].required = False
        self.fields["room"].queryset = self.fields["room"].queryset.order_by("building", "name")
        carts = self.fields["cart"].queryset.filter(category=Category.CLASSE_MOBILE)
        self.fields["cart"].queryset = carts.exclude(pk=self.instance.pk)

    def clean_inventory_number(self):
        number = self.cleaned_data["inventory_number"].strip()
        taken = (
            Equipment.objects.for_school(self.school)
            .filter(inventory_number=number)
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if number and taken:
            raise ValidationError("Ce numéro d'inventaire est déjà attribué à un autre appareil.")
        return number


class EquipmentBatchForm(SchoolScopedModelForm):
    """Fast entry of many identical devices: one serial number per line."""

    serial_numbers = forms.CharField(
        label="Numéros de série",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Un numéro par ligne (collez la colonne d'un tableur). Un appareil est créé "
        f"par ligne, {MAX_BATCH} au plus.",
    )
    inventory_prefix = forms.CharField(
        label="Préfixe des numéros d'inventaire",
        required=False,
        max_length=40,
        help_text="Par exemple « TAB-2026- » : les appareils seront numérotés TAB-2026-001, "
        "TAB-2026-002… Laisser vide pour ne pas numéroter.",
    )

    class Meta:
        model = Equipment
        fields = [*EQUIPMENT_FIELDS, "cart", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lifetime_years"].required = False
        self.fields["cart"].queryset = self.fields["cart"].queryset.filter(
            category=Category.CLASSE_MOBILE
        )

    def clean_serial_numbers(self):
        lines = [line.strip() for line in self.cleaned_data["serial_numbers"].splitlines()]
        serials = [line for line in lines if line]
        if not serials:
            raise ValidationError("Collez au moins un numéro de série.")
        if len(serials) > MAX_BATCH:
            raise ValidationError(f"{len(serials)} numéros : {MAX_BATCH} au plus par saisie.")
        duplicates = sorted({s for s in serials if serials.count(s) > 1})
        if duplicates:
            raise ValidationError(f"Numéros en double dans la liste : {', '.join(duplicates)}.")
        known = list(
            Equipment.objects.for_school(self.school)
            .filter(serial_number__in=serials)
            .values_list("serial_number", flat=True)
        )
        if known:
            raise ValidationError(f"Numéros déjà dans le parc : {', '.join(sorted(known))}.")
        return serials

    def inventory_numbers(self) -> list[str]:
        prefix = self.cleaned_data.get("inventory_prefix", "").strip()
        count = len(self.cleaned_data["serial_numbers"])
        if not prefix:
            return [""] * count
        width = max(3, len(str(count)))
        return [f"{prefix}{index:0{width}d}" for index in range(1, count + 1)]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        numbers = [n for n in self.inventory_numbers() if n]
        taken = list(
            Equipment.objects.for_school(self.school)
            .filter(inventory_number__in=numbers)
            .values_list("inventory_number", flat=True)
        )
        if taken:
            raise ValidationError(
                f"Numéros d'inventaire déjà attribués : {', '.join(sorted(taken)[:10])}."
            )
        return cleaned

    def devices(self) -> list[Equipment]:
        """The unsaved devices, one per serial number, all alike."""
        template = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        return [
            Equipment(school=self.school, serial_number=serial, inventory_number=number, **template)
            for serial, number in zip(
                self.cleaned_data["serial_numbers"], self.inventory_numbers(), strict=True
            )
        ]


class BulkActionForm(PiloteForm):
    """Move, change the status of or reform the devices ticked in the list."""

    ACTIONS = [
        ("move", "Déplacer dans une salle"),
        ("status", "Changer l'état"),
        ("reform", "Réformer"),
    ]
    equipment = forms.ModelMultipleChoiceField(
        queryset=Equipment.objects.none(),
        label="Appareils",
        error_messages={"required": "Cochez au moins un appareil dans la liste."},
    )
    action = forms.ChoiceField(label="Action", choices=ACTIONS)
    room = forms.ModelChoiceField(queryset=Room.objects.none(), label="Salle", required=False)
    status = forms.ChoiceField(
        label="Nouvel état", choices=[("", "—"), *EquipmentStatus.choices], required=False
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["equipment"].queryset = Equipment.objects.for_school(school)
        self.fields["room"].queryset = Room.objects.for_school(school)

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == "move" and not cleaned.get("room"):
            raise ValidationError("Choisissez la salle où déplacer les appareils.")
        if action == "status" and not cleaned.get("status"):
            raise ValidationError("Choisissez le nouvel état.")
        return cleaned


class SocleAdaptationForm(forms.ModelForm, PiloteForm):
    """A collectivité's change to one item of the socle; an added item gets a simple rule."""

    rule_type = forms.ChoiceField(
        label="Règle (élément ajouté)", choices=[("", "—"), *RuleKind.choices], required=False
    )
    rooms = forms.MultipleChoiceField(
        label="Types de salle concernés", choices=RoomKind.choices, required=False
    )
    categories = forms.MultipleChoiceField(
        label="Catégories d'appareils", choices=Category.choices, required=False
    )

    class Meta:
        model = SocleAdaptation
        fields = ["variant", "action", "item_id", "threshold", "label", "domain", "level", "reason"]
        help_texts = {
            "item_id": "Pour un seuil ou un retrait : l'identifiant de l'élément du socle national "
            "(colonne « identifiant » ci-dessous). Pour un ajout : un identifiant nouveau.",
        }

    def __init__(self, *args, collectivite, national_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.collectivite = collectivite
        self.national_ids = national_ids

    def clean(self):
        cleaned = super().clean()
        action, item_id = cleaned.get("action"), cleaned.get("item_id")
        variant = cleaned.get("variant")
        if not (action and item_id and variant):
            return cleaned
        known = item_id in self.national_ids.get(variant, set())
        if action in (SocleAction.SEUIL, SocleAction.RETRAIT) and not known:
            self.add_error("item_id", "Cet élément n'existe pas dans le socle national.")
        if action == SocleAction.AJOUT and known:
            self.add_error("item_id", "Cet identifiant existe déjà : choisissez-en un nouveau.")
        if action in (SocleAction.SEUIL, SocleAction.AJOUT) and cleaned.get("threshold") is None:
            self.add_error("threshold", "Indiquez le seuil.")
        if action == SocleAction.AJOUT:
            self.clean_added_item(cleaned)
        duplicate = (
            SocleAdaptation.objects.filter(
                collectivite=self.collectivite, variant=variant, item_id=item_id
            )
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if duplicate:
            self.add_error("item_id", "Cet élément est déjà adapté : modifiez l'adaptation.")
        return cleaned

    def clean_added_item(self, cleaned) -> None:
        if not cleaned.get("label"):
            self.add_error("label", "Donnez un libellé à l'élément ajouté.")
        allowed = {RuleKind.ROOM_DEVICES, RuleKind.DEVICES_PRESENT, RuleKind.PER_100_PUPILS}
        if cleaned.get("rule_type") not in allowed:
            self.add_error(
                "rule_type",
                "Choisissez une règle : équipement par salle, appareils présents ou pour "
                "100 élèves.",
            )
            return
        if not cleaned.get("categories"):
            self.add_error("categories", "Choisissez au moins une catégorie d'appareils.")
        if cleaned["rule_type"] == RuleKind.ROOM_DEVICES and not cleaned.get("rooms"):
            self.add_error("rooms", "Choisissez au moins un type de salle.")

    def save(self, commit=True):
        adaptation = super().save(commit=False)
        adaptation.collectivite = self.collectivite
        data = self.cleaned_data
        if adaptation.action == SocleAction.AJOUT:
            adaptation.rule = {
                "type": data["rule_type"],
                "categories": data["categories"],
                "seuil": data["threshold"],
            }
            if data["rule_type"] == RuleKind.ROOM_DEVICES:
                adaptation.rule["salles"] = data["rooms"]
        else:
            adaptation.rule = {}
        if commit:
            adaptation.save()
        return adaptation
