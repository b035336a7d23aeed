"""The bilan's page: build the PDF or the DOCX of a school year (a job), share it.

The bilan is the school's: its members with the ``projet`` capability build it, the head
shares it. A collectivité or académie role reaching the school does not open this page: it
reads, on its territory's pages, the bilans the head chose to share with it.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from pilote.core.choices import Domain, Level
from pilote.core.mixins import SchoolMixin
from pilote.core.schoolyear import school_year_label

from .. import perms
from ..nav import PilotageNavMixin
from .facts import BilanRefused, check_history
from .forms import BilanForm, ShareForm, default_year
from .models import SharedBilan

NOT_A_MEMBER = (
    "Le bilan annuel est celui de l'établissement : la collectivité et l'académie lisent les "
    "bilans que le chef d'établissement leur a partagés, dans leurs propres pages."
)


class SchoolMembersOnly:
    """After the capability checks: only the school's own members (or a superuser)."""

    def dispatch(self, request, *args, **kwargs):
        if not perms.may_open_bilan(request.user, self.capabilities):
            self.refuse(NOT_A_MEMBER)
        return super().dispatch(request, *args, **kwargs)


class BilanIndexView(PilotageNavMixin, SchoolMixin, SchoolMembersOnly, TemplateView):
    template_name = "pilotage/bilan/index.html"
    domain = Domain.PROJET

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", BilanForm(initial={"annee": default_year(), "format": "pdf"}))
        context.setdefault("share_form", ShareForm(initial={"annee": default_year()}))
        # Two forms on one page: the sharing form's fields get their own ids.
        context["share_form"].auto_id = "partage_%s"
        context["can_share"] = perms.may_share_bilan(self.capabilities)
        context["shares"] = SharedBilan.objects.for_school(self.school)
        context["section"] = "bilan"
        return context

    def refused(self, **forms):
        response = self.render_to_response(self.get_context_data(**forms))
        response.status_code = 400
        return response


class BilanDocumentView(BilanIndexView):
    """POST: the bilan of a year as PDF or DOCX, built by the worker; the person follows it."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        from .tasks import build_bilan_document

        form = BilanForm(request.POST)
        if not form.is_valid():
            return self.refused(form=form)
        year, extension = form.cleaned_data["annee"], form.cleaned_data["format"]
        try:
            check_history(self.school, year)
        except BilanRefused as exc:
            form.add_error("annee", str(exc))
            return self.refused(form=form)
        return self.run_in_background(
            f"Bilan annuel du numérique {school_year_label(year)} ({extension.upper()})",
            build_bilan_document,
            school_id=self.school.pk,
            start_year=year,
            extension=extension,
        )


class BilanShareView(BilanIndexView):
    """POST (the head): share a year's bilan with the collectivité and/or the académie."""

    http_method_names = ["post"]
    write_level = Level.MANAGE

    def post(self, request, *args, **kwargs):
        from .tasks import build_shared_bilan

        form = ShareForm(request.POST)
        if not form.is_valid():
            return self.refused(share_form=form)
        year = form.cleaned_data["annee"]
        try:
            check_history(self.school, year)
        except BilanRefused as exc:
            form.add_error("annee", str(exc))
            return self.refused(share_form=form)
        with transaction.atomic():
            shared, _ = SharedBilan.objects.update_or_create(
                school=self.school,
                start_year=year,
                defaults={
                    "with_collectivite": form.cleaned_data["with_collectivite"],
                    "with_academie": form.cleaned_data["with_academie"],
                    "shared_by": request.user,
                },
            )
            return self.run_in_background(
                f"Bilan {shared.year_label} partagé avec {shared.audiences} (PDF)",
                build_shared_bilan,
                shared_id=shared.pk,
            )


class BilanUnshareView(BilanIndexView):
    """POST (the head): the territory no longer sees this bilan; its document is deleted."""

    http_method_names = ["post"]
    write_level = Level.MANAGE

    def post(self, request, *args, **kwargs):
        shared = self.own_object(SharedBilan, pk=kwargs["pk"])
        if shared.document:
            shared.document.delete(save=False)
        shared.delete()
        messages.success(request, f"Le bilan {shared.year_label} n'est plus partagé.")
        return redirect(reverse("pilotage:bilan", kwargs={"uai": self.school.uai}))
