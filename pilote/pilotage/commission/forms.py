"""Forms of the commission numérique."""

from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone

from pilote.core.forms import PiloteForm
from pilote.core.models import Membership, User

from .choices import MemberKind
from .models import AgendaItem, CommissionMember, Meeting


def eligible_users(school):
    """Accounts that may sit: the school's members and its collectivité's."""
    active = Membership.objects.active()
    return (
        User.objects.filter(
            Q(memberships__in=active.filter(school=school))
            | Q(memberships__in=active.filter(collectivite_id=school.collectivite_id))
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


class MemberForm(forms.ModelForm, PiloteForm):
    class Meta:
        model = CommissionMember
        fields = ["user", "name", "organisation", "email", "role", "start_date", "end_date"]
        help_texts = {
            "user": "Une personne de l'établissement ou un compte de la collectivité. "
            "Laissez vide pour une personne invitée sans compte.",
            "name": "Pour une personne invitée seulement.",
            "organisation": "Pour une personne invitée (ex. : « Canopé », « mairie »).",
            "email": "Facultatif : sans adresse, l'invité ne reçoit pas la convocation.",
            "end_date": "Le jour où la personne cesse de siéger ; vide si elle siège toujours.",
        }

    def __init__(self, *args, school, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = eligible_users(school)
        self.fields["user"].required = False
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.email})"
        )

    def clean(self):
        data = super().clean()
        user = data.get("user")
        if user is None:
            if not (data.get("name") or "").strip():
                self.add_error(
                    "name", "Choisissez un compte ou donnez le nom de la personne invitée."
                )
            self.instance.kind = MemberKind.GUEST
        else:
            own = Membership.objects.active().filter(user=user, school=self.school).exists()
            self.instance.kind = MemberKind.SCHOOL if own else MemberKind.COLLECTIVITE
            if not own:
                data["organisation"] = data.get("organisation") or str(self.school.collectivite)
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", "La fin doit suivre le début.")
        return data


class MeetingForm(forms.ModelForm, PiloteForm):
    class Meta:
        model = Meeting
        fields = ["starts_at", "duration_minutes", "location"]
        help_texts = {"location": "Ex. : salle du conseil, ou un lien de visioconférence."}

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at < timezone.now() - timedelta(days=366):
            raise forms.ValidationError("Cette date a plus d'un an : vérifiez l'année.")
        return starts_at

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if not 15 <= minutes <= 480:
            raise forms.ValidationError("Une réunion dure entre 15 minutes et 8 heures.")
        return minutes


class ItemForm(forms.ModelForm, PiloteForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class DecisionForm(PiloteForm):
    text = forms.CharField(label="Décision", widget=forms.Textarea(attrs={"rows": 2}))
    make_action = forms.BooleanField(
        label="Inscrire une action au plan d'actions",
        required=False,
        help_text="La personne responsable reçoit un courriel.",
    )
    action_title = forms.CharField(
        label="Intitulé de l'action",
        required=False,
        max_length=200,
        help_text="Par défaut, le texte de la décision.",
    )
    responsible = forms.ModelChoiceField(
        label="Responsable de l'action", queryset=User.objects.none(), required=False
    )
    due = forms.DateField(label="Échéance de l'action", required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = (
            User.objects.filter(memberships__in=Membership.objects.active().filter(school=school))
            .distinct()
            .order_by("last_name", "first_name")
        )

    def clean(self):
        data = super().clean()
        if data.get("make_action"):
            if data.get("responsible") is None:
                self.add_error("responsible", "Désignez la personne responsable de l'action.")
            due = data.get("due")
            if due is None:
                self.add_error("due", "Donnez une échéance à l'action.")
            elif due < timezone.localdate():
                self.add_error("due", f"L'échéance du {due:%d/%m/%Y} est passée.")
        return data


class MinutesForm(PiloteForm):
    """The minutes: general observations, who was present, each item's notes and the text of
    each decision (built from the meeting)."""

    summary = forms.CharField(
        label="Observations générales", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    present = forms.ModelMultipleChoiceField(
        label="Membres présents",
        queryset=CommissionMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, meeting, members, approving=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.approving = approving
        self.fields["present"].queryset = members
        self.fields["present"].label_from_instance = str
        self.items = list(meeting.items.order_by("order", "pk").prefetch_related("decisions"))
        for item in self.items:
            self.fields[f"notes_{item.pk}"] = forms.CharField(
                label=f"Relevé des échanges — {item}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=item.notes,
            )
            for decision in item.decisions.all():
                self.fields[f"decision_{decision.pk}"] = forms.CharField(
                    label=f"Décision (point {item.order})",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=decision.text,
                )

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if name.startswith("decision_") and not (value or "").strip():
                self.add_error(
                    name,
                    "Le texte de la décision est vide : écrivez-le ou supprimez la décision.",
                )
        return data

    def decision_texts(self) -> dict[int, str]:
        return {
            int(name.removeprefix("decision_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("decision_")
        }

    def item_notes(self) -> dict[int, str]:
        return {
            int(name.removeprefix("notes_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("notes_")
        }


class CorrectionForm(PiloteForm):
    reason = forms.CharField(label="Objet de la correction", max_length=300)


class ConveneForm(PiloteForm):
    """Only a confirmation: the figures are frozen now and the members e-mailed."""
