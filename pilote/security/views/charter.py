"""The charte des usages du numérique: versions, adoption, acknowledgements."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View

from pilote.core.choices import Domain, Level
from pilote.core.generic import ObjectCreateView, ObjectDetailView, ObjectUpdateView
from pilote.core.mixins import InvalidFormIs400
from pilote.core.models import Membership
from pilote.core.notify import send_notification
from pilote.core.uploads import attachment_response, safe_filename

from ..acknowledgements import charter_status_of, current_versions
from ..forms import CharterVersionForm, PupilAcknowledgementForm
from ..models import CharterVersion, PupilAcknowledgement, StaffAcknowledgement
from .common import SecurityMixin


class CharterMixin(SecurityMixin):
    model = CharterVersion
    url_prefix = "charter"

    def get_queryset(self):
        return CharterVersion.objects.for_school(self.school)


class CharterView(CharterMixin, TemplateView):
    """The charter in force, who acknowledged it, and every version."""

    template_name = "security/charter.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = charter_status_of(self.school)
        context.update(
            status=status,
            versions=self.get_queryset(),
            can_edit=self.capabilities.can(self.domain, Level.EDIT),
        )
        return context


class CharterFormMixin(InvalidFormIs400, CharterMixin):
    form_class = CharterVersionForm

    def notify_staff_if_adopted(self, was_adopted: bool) -> None:
        """Staff are told when a version comes into force: they acknowledge it in Pilote."""
        version = self.object
        if was_adopted or not version.adopted_on or not version.for_staff:
            return
        if current_versions([self.school]).get(self.school.pk) != version:
            return
        emails = (
            Membership.objects.active()
            .filter(school=self.school, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
        url = self.request.build_absolute_uri(self.url("charter_acknowledge"))
        send_notification(
            emails,
            f"Nouvelle charte des usages du numérique — {self.school.name}",
            "security/email/charter_adopted.txt",
            {"version": version, "school": self.school, "url": url},
        )


class CharterCreateView(CharterFormMixin, ObjectCreateView):
    create_title = "Nouvelle version de la charte"
    create_submit = "Enregistrer la version"

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        self.notify_staff_if_adopted(was_adopted=False)
        return response


class CharterUpdateView(CharterFormMixin, ObjectUpdateView):
    @transaction.atomic
    def form_valid(self, form):
        was_adopted = CharterVersion.objects.filter(
            pk=self.object.pk, adopted_on__isnull=False
        ).exists()
        response = super().form_valid(form)
        self.notify_staff_if_adopted(was_adopted=was_adopted)
        return response


class CharterDetailView(CharterMixin, ObjectDetailView):
    template_name = "security/charter_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = self.object
        acknowledged = {
            a.user_id: a.acknowledged_at
            for a in StaffAcknowledgement.objects.filter(version=version)
        }
        members = (
            Membership.objects.active()
            .filter(school=self.school, user__is_active=True)
            .select_related("user")
            .order_by("user__last_name", "user__first_name")
        )
        seen = set()
        staff = []
        for membership in members:
            if membership.user_id not in seen:
                seen.add(membership.user_id)
                staff.append((membership, acknowledged.get(membership.user_id)))
        context.update(
            staff=staff,
            pupil_acknowledgements=version.pupil_acknowledgements.select_related("recorded_by"),
            pupil_form=PupilAcknowledgementForm(school=self.school, version=version),
        )
        return context


class PupilAcknowledgementView(InvalidFormIs400, CharterMixin, FormView):
    """Signed forms of one division, as counted by the head: a new count replaces the last."""

    template_name = "security/pupil_acknowledgement_form.html"
    form_class = PupilAcknowledgementForm
    required_level = Level.EDIT

    def get_version(self) -> CharterVersion:
        if not hasattr(self, "version"):
            self.version = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self.version

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school": self.school, "version": self.get_version()}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "version": self.get_version()}

    def form_valid(self, form):
        data = form.cleaned_data
        version = self.get_version()
        PupilAcknowledgement.objects.update_or_create(
            version=version,
            division_label=data["division_label"],
            defaults={
                "school": self.school,
                "division": data.get("division"),
                "enrolled": data["enrolled"],
                "acknowledged": data["acknowledged"],
                "recorded_on": data["recorded_on"],
                "recorded_by": self.request.user,
            },
        )
        messages.success(self.request, f"Division {data['division_label']} : relevé enregistré.")
        return HttpResponseRedirect(self.url("charter_detail", version.pk) + "#eleves")


class CharterDocumentView(CharterMixin, View):
    """The PDF of a version, for every member of the school (they must be able to read it)."""

    domain = Domain.PILOTAGE

    def get(self, request, *args, **kwargs):
        version = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        if not version.document:
            raise Http404("Cette version n'a pas de document PDF.")
        name = safe_filename(f"charte-{self.school.uai}-{version.version}.pdf")
        return attachment_response(version.document, name)


class CharterAcknowledgeView(CharterMixin, TemplateView):
    """A member of staff reads the charter in force and acknowledges it."""

    template_name = "security/charter_acknowledge.html"
    domain = Domain.PILOTAGE

    def get_version(self) -> CharterVersion | None:
        version = current_versions([self.school]).get(self.school.pk)
        return version if version is not None and version.for_staff else None

    def is_staff_member(self) -> bool:
        return (
            Membership.objects.active().filter(user=self.request.user, school=self.school).exists()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = self.get_version()
        context.update(
            version=version,
            is_staff_member=self.is_staff_member(),
            acknowledgement=StaffAcknowledgement.objects.filter(
                version=version, user=self.request.user
            ).first()
            if version
            else None,
        )
        return context

    def post(self, request, *args, **kwargs):
        version = self.get_version()
        if version is None:
            raise Http404("Aucune charte en vigueur pour les personnels.")
        if not self.is_staff_member():
            raise PermissionDenied("Seuls les membres de l'établissement prennent connaissance.")
        StaffAcknowledgement.objects.get_or_create(
            version=version, user=request.user, defaults={"school": self.school}
        )
        messages.success(request, "Merci : votre prise de connaissance est enregistrée.")
        return HttpResponseRedirect(reverse("security:charter_acknowledge", args=[self.school.uai]))
