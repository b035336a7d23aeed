"""Forms with the DSFR look, and school-scoped model forms for every module."""

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string
from dsfr.forms import DsfrBaseForm, DsfrBoundField

from .choices import Role
from .models import Membership, User
from .notify import send_notification
from .permissions import roles_for_kind
from .widgets import fit_widget


class PiloteBoundField(DsfrBoundField):
    """A field drawn with the widget a person expects (``core.widgets``): decided when the
    field is drawn, once the form has narrowed its lists."""

    @property
    def template_name(self):
        fit_widget(self.field)
        return super().template_name

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        fit_widget(self.field)
        return super().as_widget(widget, attrs, only_initial)


class PiloteForm(DsfrBaseForm):
    """Plain form with the DSFR rendering, optional fields marked as DSFR now advises, and
    the widgets of ``core.widgets`` (date pickers, type-ahead, checkboxes)."""

    bound_field_class = PiloteBoundField

    def get_context(self):
        # Skip DsfrBaseForm.get_context: it only adds transitional warnings.
        context = forms.BaseForm.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context


class SchoolScopedModelForm(forms.ModelForm, PiloteForm):
    """A model form whose choices never leak another school's rows.

    Every ``ModelChoiceField`` on a model that has a ``school`` field is limited to the
    current school, so a forged POST cannot attach an object to another school's room,
    equipment or member.
    """

    def __init__(self, *args, school=None, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None or school is None:
                continue
            model = queryset.model
            if any(f.name == "school" for f in model._meta.get_fields()):
                field.queryset = queryset.filter(school=school)
            elif model is User:
                field.queryset = queryset.filter(
                    memberships__in=Membership.objects.active().filter(school=school)
                ).distinct()


class MemberAddForm(PiloteForm):
    """Add a person to the school: an existing account by e-mail, or a new one."""

    email = forms.EmailField(label="Adresse électronique")
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    role = forms.ChoiceField(label="Rôle")

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles_for_kind(kind)]


class MemberRoleForm(PiloteForm):
    role = forms.ChoiceField(label="Nouveau rôle")

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles_for_kind(kind)]


class IndicatorFilterForm(PiloteForm):
    """Filters of the school's indicator table: module, status, direction of the trend."""

    TRENDS = [
        ("", "Toutes"),
        ("hausse", "En hausse sur 30 jours"),
        ("baisse", "En baisse sur 30 jours"),
        ("stable", "Stable sur 30 jours"),
        ("inconnue", "Pas encore d'historique"),
    ]

    domaine = forms.ChoiceField(label="Module", required=False)
    statut = forms.ChoiceField(label="Statut", required=False)
    tendance = forms.ChoiceField(label="Évolution", required=False, choices=TRENDS)

    def __init__(self, *args, domains: list[tuple[str, str]], **kwargs):
        from .metrics import Status

        super().__init__(*args, **kwargs)
        self.fields["domaine"].choices = [("", "Tous"), *domains]
        self.fields["statut"].choices = [("", "Tous"), *Status.choices]

    def keep(self, measure) -> bool:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("domaine") and measure.indicator.domain != data["domaine"]:
            return False
        if data.get("statut") and measure.status != data["statut"]:
            return False
        trend = data.get("tendance")
        if trend == "inconnue":
            return measure.trend is None
        if trend and measure.trend is None:
            return False
        if trend == "hausse":
            return measure.trend > 0
        if trend == "baisse":
            return measure.trend < 0
        if trend == "stable":
            return measure.trend == 0
        return True


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's « mot de passe oublié » form, whose e-mail leaves through the outbox.

    Django sends it inside the request; a slow mail server would then hang the page."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        send_notification([to_email], subject, email_template_name, context)
