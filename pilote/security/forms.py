"""Forms of the security module. School-scoped forms only ever offer the school's rows."""

from django import forms

from pilote.core.forms import PiloteForm, SchoolScopedModelForm
from pilote.core.uploads import PDF, LimitedFileField

from .choices import EventKind, IncidentStatus, ReviewDecision
from .models import (
    IMPACT_FIELDS,
    AcademieSecurityContact,
    CharterVersion,
    Incident,
    IncidentEvent,
    ProblemReport,
    PupilAcknowledgement,
    SchoolMeasure,
    SecurityMeasure,
)

CHARTER_MAX_BYTES = 10 * 1024 * 1024
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def yes_no_field(label: str, help_text: str = "") -> forms.TypedChoiceField:
    """Oui / non as a list: the DSFR checkbox snippets need a library Pilote does not ship."""
    return forms.TypedChoiceField(
        label=label,
        choices=[(False, "Non"), (True, "Oui")],
        coerce=lambda value: value in (True, "True"),
        help_text=help_text,
    )


class IncidentForm(SchoolScopedModelForm):
    """Recording or requalifying an incident: two minutes for the essentials."""

    personal_data = yes_no_field(
        "Données personnelles concernées",
        Incident._meta.get_field("personal_data").help_text,
    )

    class Meta:
        model = Incident
        fields = [
            "title",
            "category",
            "detected_at",
            "started_at",
            "detected_by",
            "detected_by_label",
            "description",
            *IMPACT_FIELDS.values(),
            "personal_data",
            "personal_data_details",
            "cnil_notified_at",
            "affected_services",
            "affected_equipment",
            "affected_people",
            "affected_people_note",
            "measures_taken",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "personal_data_details": forms.Textarea(attrs={"rows": 2}),
            "measures_taken": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("detected_at", "started_at", "cnil_notified_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%d/%m/%Y %H:%M"]
        self.fields["affected_services"].queryset = self.fields[
            "affected_services"
        ].queryset.select_related("service")
        self.fields["affected_equipment"].queryset = self.fields[
            "affected_equipment"
        ].queryset.order_by("category", "inventory_number")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("detected_by") and not cleaned.get("detected_by_label", "").strip():
            self.add_error("detected_by", "Indiquez qui a détecté l'incident.")
        return cleaned


class IncidentStatusForm(PiloteForm):
    """Moving an incident forward by hand; « signalé » is only ever set by the report."""

    status = forms.ChoiceField(label="Nouveau statut")
    lessons_learned = forms.CharField(
        label="Retour d'expérience",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Obligatoire pour clore : ce qui a manqué, ce qui change.",
    )

    def __init__(self, *args, incident: Incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.incident = incident
        choices = [IncidentStatus.IN_PROGRESS, IncidentStatus.CLOSED]
        self.fields["status"].choices = [
            (s.value, s.label) for s in choices if s != incident.status
        ]
        self.fields["lessons_learned"].initial = incident.lessons_learned

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == IncidentStatus.CLOSED
            and not (cleaned.get("lessons_learned") or "").strip()
        ):
            self.add_error("lessons_learned", "Le retour d'expérience est obligatoire pour clore.")
        return cleaned


class IncidentEventForm(forms.ModelForm, PiloteForm):
    """A new timeline entry. The kinds offered depend on the side (school or académie)."""

    class Meta:
        model = IncidentEvent
        fields = ["kind", "text", "corrects"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, incident: Incident, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, EventKind(k).label) for k in kinds]
        self.fields["corrects"].queryset = incident.events.all()
        self.fields["corrects"].required = False
        self.fields["corrects"].help_text = "Pour une correction : l'entrée qu'elle rectifie."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == EventKind.CORRECTION and not cleaned.get("corrects"):
            self.add_error("corrects", "Choisissez l'entrée que cette correction rectifie.")
        if cleaned.get("corrects") and cleaned.get("kind") != EventKind.CORRECTION:
            self.add_error("kind", "Une entrée qui en rectifie une autre est une correction.")
        return cleaned


class SchoolMeasureForm(SchoolScopedModelForm):
    class Meta:
        model = SchoolMeasure
        fields = ["status", "evidence", "owner", "review_date"]
        widgets = {
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }


class AcademieMeasureForm(forms.ModelForm, PiloteForm):
    """A measure the académie adds to the referential of all its schools."""

    class Meta:
        model = SecurityMeasure
        fields = ["label", "guidance", "notions"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}

    def clean_notions(self):
        return "".join(sorted(set(self.cleaned_data["notions"].upper()), key="DICT".find))


class AcademieContactForm(forms.ModelForm, PiloteForm):
    class Meta:
        model = AcademieSecurityContact
        fields = ["dpd_name", "dpd_email", "rssi_mailbox"]


class AccessReviewForm(PiloteForm):
    """Keep or remove every administrative right of the school, in one go."""

    def __init__(self, *args, rights, **kwargs):
        super().__init__(*args, **kwargs)
        self.rights = rights
        for index, right in enumerate(rights):
            self.fields[f"decision_{index}"] = forms.ChoiceField(
                label=f"{right.holder_label} — {right.label}",
                choices=[("", "À décider"), *ReviewDecision.choices],
                required=False,
            )
            self.fields[f"comment_{index}"] = forms.CharField(
                label=f"Commentaire ({right.holder_label})", max_length=300, required=False
            )

    def rows(self):
        """(right, decision field, comment field) for the template's table."""
        return [
            (right, self[f"decision_{index}"], self[f"comment_{index}"])
            for index, right in enumerate(self.rights)
        ]

    def decisions(self):
        return [
            (right, self.cleaned_data[f"decision_{i}"], self.cleaned_data[f"comment_{i}"])
            for i, right in enumerate(self.rights)
            if self.cleaned_data.get(f"decision_{i}")
        ]


class CharterVersionForm(SchoolScopedModelForm):
    for_staff = yes_no_field("S'applique aux personnels")
    for_pupils = yes_no_field("S'applique aux élèves")
    document = LimitedFileField(
        label="Document PDF", kinds=(PDF,), max_bytes=CHARTER_MAX_BYTES, required=False
    )

    class Meta:
        model = CharterVersion
        fields = ["version", "title", "adopted_on", "for_staff", "for_pupils", "document", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}

    def clean(self):
        cleaned = super().clean()
        version = cleaned.get("version")
        duplicate = CharterVersion.objects.for_school(self.school).filter(version=version)
        if version and duplicate.exclude(pk=self.instance.pk).exists():
            self.add_error("version", "Cette version existe déjà.")
        return cleaned


class PupilAcknowledgementForm(SchoolScopedModelForm):
    class Meta:
        model = PupilAcknowledgement
        fields = ["division", "division_label", "enrolled", "acknowledged", "recorded_on"]

    def __init__(self, *args, version: CharterVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["division"].queryset = (
            self.fields["division"].queryset.filter(is_group=False).order_by("code")
        )

    def clean(self):
        cleaned = super().clean()
        division = cleaned.get("division")
        label = division.code if division else (cleaned.get("division_label") or "").strip()
        if not label:
            self.add_error("division", "Choisissez une division ou écrivez son libellé.")
            return cleaned
        cleaned["division_label"] = label
        return cleaned


class ProblemReportForm(SchoolScopedModelForm):
    """« Signaler un problème »: what was seen, where and when — one minute, no pupil's name."""

    class Meta:
        model = ProblemReport
        fields = ["what", "where", "seen_at"]
        widgets = {"what": forms.Textarea(attrs={"rows": 5})}

    def clean_what(self):
        what = self.cleaned_data["what"].strip()
        if len(what) < 10:
            raise forms.ValidationError("Décrivez en quelques mots ce que vous avez constaté.")
        return what


class ProblemReportDismissForm(PiloteForm):
    answer = forms.CharField(
        label="Réponse à la personne",
        max_length=300,
        help_text="Elle la lit avec le statut de son signalement : « Simple panne, transmise "
        "à l'assistance »…",
    )
