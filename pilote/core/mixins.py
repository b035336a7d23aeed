"""Tenancy and capability checks for every school page: written once, here.

A view under ``/etablissements/<uai>/`` inherits :class:`SchoolMixin` and declares the module
(``domain``) and the level it needs. Someone with no role reaching the school gets a 404 (the
school's existence is not even confirmed); someone whose role lacks the capability gets a 403,
recorded in the journal.

Need-to-know: a page, export or PDF that names pupils, guardians or shows their contacts sets
``names_pupils``; it then also needs « voir les élèves et les familles »
(:data:`~pilote.core.permissions.PUPIL_NAMES`), whatever the module.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect

from .choices import Domain, JournalAction, Level
from .jobs import start_job
from .journal import record
from .models import Academie, Collectivite, School
from .permissions import (
    PUPIL_NAMES,
    PUPIL_NAMES_REFUSED,
    capabilities_for,
    territory_capabilities,
)

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class CapabilityMixin:
    """Resolve the organisation, compute capabilities, refuse what the role does not allow."""

    domain: Domain = Domain.PILOTAGE
    required_level: Level = Level.VIEW
    # Level needed for POST and other unsafe methods; defaults to ``required_level``.
    write_level: Level | None = None
    # The page names pupils or guardians: the module's level is not enough (need-to-know).
    names_pupils: bool = False

    def required_level_for(self, method: str) -> Level:
        if method in SAFE_METHODS or self.write_level is None:
            return self.required_level
        return self.write_level

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.resolve_organisation(**kwargs)
        self.resolve_target(**kwargs)
        if not self.capabilities.any:
            raise Http404("Page introuvable.")
        level = self.required_level_for(request.method)
        if not self.capabilities.can(self.domain, level):
            self.refuse("Votre rôle ne permet pas cette action.")
        if self.names_pupils and not self.capabilities.can(*PUPIL_NAMES):
            self.refuse(PUPIL_NAMES_REFUSED)
        request.capabilities = self.capabilities
        return super().dispatch(request, *args, **kwargs)

    def resolve_target(self, **kwargs) -> None:
        """Hook for views whose module depends on the URL (an importer, an indicator)."""

    def refuse(self, message: str):
        """Refuse with a 403 and record the refusal in the journal (for finer rules too)."""
        record(
            JournalAction.PERMISSION_DENIED,
            f"Accès refusé à {self.request.path}",
            request=self.request,
            school=getattr(self, "school", None),
            path=self.request.path,
            method=self.request.method,
        )
        raise PermissionDenied(message)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["caps"] = self.capabilities
        return context


class SchoolMixin(CapabilityMixin):
    def resolve_organisation(self, **kwargs) -> None:
        self.school = get_object_or_404(
            School.objects.select_related("academie", "collectivite"), uai=kwargs["uai"]
        )
        self.capabilities = capabilities_for(self.request.user, self.school)
        self.request.school = self.school
        if self.request.session.get("current_uai") != self.school.uai:
            self.request.session["current_uai"] = self.school.uai

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["school"] = self.school
        return context

    def own_object(self, rows, **lookups):
        """One of this school's rows, or a 404: ``rows`` is a school-owned model or a queryset
        of one, narrowed by ``for_school`` (the one tenancy filter). Another school's id
        answers « introuvable », as if it did not exist, never « interdit », which would
        confirm it."""
        queryset = rows.objects.all() if isinstance(rows, type) else rows
        return get_object_or_404(queryset.for_school(self.school), **lookups)

    def journal(self, action: str, summary: str, **details):
        """Journal what the person did on this page: the school's journal, with their name
        and address, as every event of a school page must be found by its head."""
        return record(action, summary, request=self.request, school=self.school, **details)

    def run_in_background(self, label: str, task, **arguments):
        """Hand ``task`` to the worker as a job of this school (a PDF, an export, a big
        import) and send the person to the job's page, where they follow it and download
        the result; a request never waits for such work."""
        job = start_job(self.request.user, label, task, school=self.school, **arguments)
        return redirect(job)


class InvalidFormIs400:
    """A form sent with wrong values answers 400 (bad input) with the errors next to the
    fields; nothing is written. Every form of Pilote behaves so."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class TerritoryMixin(CapabilityMixin):
    """Pages of a collectivité or an académie: ``/territoires/<kind>/<code>/…``."""

    def resolve_organisation(self, **kwargs) -> None:
        if kwargs["kind"] == "academie":
            self.organisation = get_object_or_404(Academie, code=kwargs["code"])
        elif kwargs["kind"] in ("departement", "region"):
            self.organisation = get_object_or_404(
                Collectivite, kind=kwargs["kind"], code=kwargs["code"]
            )
        else:
            raise Http404("Territoire inconnu.")
        self.capabilities = territory_capabilities(self.request.user, self.organisation)
        self.kind = kwargs["kind"]
        self.request.territory = (self.kind, self.organisation)

    def run_in_background(self, label: str, task, **arguments):
        """Hand ``task`` to the worker as a job of this territory (found again by ``kind``
        and ``code``) and send the person to the job's page: at thousands of schools, an
        export or a measure is not a request's work."""
        job = start_job(
            self.request.user, label, task, kind=self.kind, code=self.organisation.code, **arguments
        )
        return redirect(job)

    def territory_schools(self):
        return self.organisation.schools.select_related("collectivite", "academie").order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisation"] = self.organisation
        context["territory_kind"] = self.kind
        return context


class AcademieMixin(TerritoryMixin):
    """Pages only an académie has (its RSSI's measures and contacts, its DPD's pages): at a
    collectivité's address they do not exist."""

    def resolve_organisation(self, **kwargs) -> None:
        if kwargs["kind"] != "academie":
            raise Http404("Page propre à une académie.")
        super().resolve_organisation(**kwargs)
