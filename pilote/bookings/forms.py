"""Forms of the « Réservations » module: resources, bookings, decisions, calendar, loans."""

from django import forms
from django.utils import timezone

from pilote.core.choices import OrganisationKind, Role
from pilote.core.forms import PiloteForm, SchoolScopedModelForm
from pilote.core.permissions import roles_for_kind
from pilote.inventory.choices import Category, EquipmentStatus, RoomKind

from .choices import BorrowerKind, ResourceKind
from .models import WEEKDAY_NAMES, ClosedPeriod, Loan, Resource, SchoolCalendar, TimeSlot


class YesNoSelect(forms.Select):
    """Oui / Non as a list: django-dsfr's checkbox and radio snippets need ``widget_tweaks``,
    which the project does not install."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[(False, "Non"), (True, "Oui")])


def kind_of(room=None, equipment=None) -> str:
    """The resource kind a Parc room or device naturally has."""
    if room is not None:
        if room.kind == RoomKind.SALLE_INFORMATIQUE:
            return ResourceKind.SALLE_INFORMATIQUE
        return ResourceKind.SALLE
    if equipment is not None and equipment.category == Category.CLASSE_MOBILE:
        return ResourceKind.CLASSE_MOBILE
    return ResourceKind.MATERIEL


class ResourceForm(SchoolScopedModelForm):
    allowed_roles = forms.MultipleChoiceField(
        label="Rôles autorisés à réserver",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        choices=[(role, Role(role).label) for role in roles_for_kind(OrganisationKind.SCHOOL)],
        help_text="Aucun rôle choisi : tous les membres qui peuvent réserver.",
    )

    class Meta:
        model = Resource
        fields = [
            "room",
            "equipment",
            "name",
            "kind",
            "description",
            "allowed_roles",
            "max_duration_minutes",
            "horizon_days",
            "requires_approval",
            "approver",
            "is_active",
        ]
        widgets = {"requires_approval": YesNoSelect, "is_active": YesNoSelect}
        help_texts = {
            "name": "Vide : le nom de la salle ou de l'équipement.",
            "kind": "Vide : déduit de la salle ou de l'équipement.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["kind"].required = False
        equipment = self.fields["equipment"]
        equipment.queryset = equipment.queryset.exclude(status=EquipmentStatus.REFORME)

    def clean(self):
        cleaned = super().clean()
        room, equipment = cleaned.get("room"), cleaned.get("equipment")
        if bool(room) == bool(equipment):
            raise forms.ValidationError(
                "Choisissez une salle ou un équipement du parc (un seul des deux)."
            )
        if not cleaned.get("name"):
            cleaned["name"] = str(room or equipment)[:120]
        if not cleaned.get("kind"):
            cleaned["kind"] = kind_of(room, equipment)
        return cleaned


class BookingForm(PiloteForm):
    """Book by slots (« de M3 à M4 ») or by free times, once or every week until a date."""

    resource = forms.ModelChoiceField(label="Ressource", queryset=Resource.objects.none())
    day = forms.DateField(label="Date")
    first_slot = forms.ModelChoiceField(
        label="Du créneau", queryset=TimeSlot.objects.none(), required=False
    )
    last_slot = forms.ModelChoiceField(
        label="Au créneau",
        queryset=TimeSlot.objects.none(),
        required=False,
        help_text="Vide : le même créneau.",
    )
    start_time = forms.TimeField(label="Ou heure de début", required=False)
    end_time = forms.TimeField(label="Heure de fin", required=False)
    repeat = forms.BooleanField(
        label="Répéter chaque semaine",
        required=False,
        widget=YesNoSelect,
        help_text="Les vacances et les jours fériés sont sautés.",
    )
    until = forms.DateField(label="Jusqu'au", required=False)
    purpose = forms.CharField(
        label="Objet", max_length=200, help_text="Par exemple : 4e B — sciences, travail en îlots."
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = Resource.objects.for_school(school).filter(
            is_active=True
        )
        slots = TimeSlot.objects.for_school(school)
        self.fields["first_slot"].queryset = slots
        self.fields["last_slot"].queryset = slots

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_slot"), cleaned.get("last_slot")
        if first:
            last = last or first
            if last.start_time < first.start_time:
                self.add_error("last_slot", "Le dernier créneau précède le premier.")
            cleaned["start_time"], cleaned["end_time"] = first.start_time, last.end_time
        elif not (cleaned.get("start_time") and cleaned.get("end_time")):
            raise forms.ValidationError(
                "Choisissez un créneau, ou une heure de début et une heure de fin."
            )
        if cleaned.get("repeat") and not cleaned.get("until"):
            self.add_error("until", "Indiquez jusqu'à quelle date répéter la réservation.")
        if not cleaned.get("repeat"):
            cleaned["until"] = None
        return cleaned


class CancelForm(PiloteForm):
    scope = forms.ChoiceField(
        label="Annuler",
        choices=[("occurrence", "Cette date seulement"), ("series", "Toute la série à venir")],
        initial="occurrence",
    )


class DecisionForm(PiloteForm):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("approve", "Valider"), ("refuse", "Refuser")],
    )
    note = forms.CharField(label="Motif (facultatif)", max_length=200, required=False)
    whole_series = forms.BooleanField(
        label="Appliquer à toutes les dates en attente de la série",
        required=False,
        widget=YesNoSelect,
    )


class CalendarForm(SchoolScopedModelForm):
    opening_days = forms.TypedMultipleChoiceField(
        label="Jours d'ouverture",
        coerce=int,
        choices=list(enumerate(name.capitalize() for name in WEEKDAY_NAMES)),
        widget=forms.SelectMultiple(attrs={"size": 7}),
    )

    class Meta:
        model = SchoolCalendar
        fields = ["zone", "opening_days"]
        help_texts = {
            "zone": "Changer de zone remplace les vacances nationales ; "
            "les fermetures locales restent."
        }


class TimeSlotForm(SchoolScopedModelForm):
    class Meta:
        model = TimeSlot
        fields = ["code", "start_time", "end_time"]

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        duplicates = TimeSlot.objects.for_school(self.school).filter(code=code)
        if duplicates.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"Le créneau {code} existe déjà.")
        return code


class ClosedPeriodForm(SchoolScopedModelForm):
    class Meta:
        model = ClosedPeriod
        fields = ["kind", "label", "start_date", "end_date", "to_confirm"]
        widgets = {
            "to_confirm": YesNoSelect,
        }


class LoanForm(SchoolScopedModelForm):
    class Meta:
        model = Loan
        fields = [
            "equipment",
            "borrower_kind",
            "pupil",
            "staff_member",
            "borrower_name",
            "contact_email",
            "charter_accepted_on",
            "checked_out_on",
            "due_on",
        ]

    def __init__(self, *args, pupil_names: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not pupil_names:
            # Need-to-know: someone who may not see pupils by name lends to staff only.
            del self.fields["pupil"]
            self.fields["borrower_kind"].choices = [
                (BorrowerKind.PERSONNEL.value, BorrowerKind.PERSONNEL.label)
            ]
        equipment = self.fields["equipment"]
        lent = Loan.objects.open().exclude(pk=self.instance.pk).values("equipment_id")
        equipment.queryset = (
            equipment.queryset.filter(
                status__in=[EquipmentStatus.EN_SERVICE, EquipmentStatus.EN_STOCK]
            )
            .exclude(pk__in=lent)
            .order_by("category", "inventory_number")
        )
        if "pupil" in self.fields:
            pupils = self.fields["pupil"]
            pupils.queryset = pupils.queryset.active().select_related("division")

    def clean(self):
        cleaned = super().clean()
        kind, pupil, staff = (
            cleaned.get("borrower_kind"),
            cleaned.get("pupil"),
            cleaned.get("staff_member"),
        )
        if kind == BorrowerKind.ELEVE and staff:
            self.add_error("staff_member", "Un prêt à un élève ne désigne pas un personnel.")
        if kind == BorrowerKind.PERSONNEL and pupil:
            self.add_error("pupil", "Un prêt à un personnel ne désigne pas un élève.")
        person = pupil if kind == BorrowerKind.ELEVE else staff
        if person is not None:
            cleaned["borrower_name"] = str(person)
            self.instance.borrower_name = str(person)
        elif not cleaned.get("borrower_name"):
            self.add_error("borrower_name", "Choisissez l'emprunteur ou saisissez son nom.")
        return cleaned


class LoanReturnForm(SchoolScopedModelForm):
    class Meta:
        model = Loan
        fields = ["returned_on", "return_condition", "return_notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returned_on"].required = True
        self.fields["returned_on"].initial = timezone.localdate()
        self.fields["return_condition"].required = True
