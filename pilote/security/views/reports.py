"""« Signaler un problème »: a member of staff tells the direction of a security problem; the
head examines the report, records it as an incident (the form comes filled in) or answers
that it needs no follow-up. The person sees what became of each of their reports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.views.generic import FormView, TemplateView

from pilote.core.choices import Domain, Level
from pilote.core.mixins import InvalidFormIs400
from pilote.core.models import Membership

from ..choices import ProblemReportStatus
from ..forms import ProblemReportDismissForm, ProblemReportForm
from ..models import ProblemReport
from .common import SecurityMixin


class ProblemReportView(InvalidFormIs400, SecurityMixin, FormView):
    """Every member of the school may signal a problem, whatever their role's modules."""

    template_name = "security/problem_report.html"
    form_class = ProblemReportForm
    domain = Domain.PILOTAGE

    def is_member(self) -> bool:
        return (
            Membership.objects.active().filter(user=self.request.user, school=self.school).exists()
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school": self.school}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            is_member=self.is_member(),
            my_reports=ProblemReport.objects.filter(
                school=self.school, reported_by=self.request.user
            ).select_related("incident"),
        )
        return context

    def form_valid(self, form):
        if not self.is_member():
            raise PermissionDenied("Seuls les membres de l'établissement signalent un problème.")
        report = form.save(commit=False)
        report.school = self.school
        report.reported_by = self.request.user
        report.reported_by_label = str(self.request.user)[:200]
        report.save()
        messages.success(
            self.request,
            "Merci : votre signalement est transmis à la direction. Vous suivez sa suite ici.",
        )
        return HttpResponseRedirect(self.url("problem_report"))


class ProblemReportListView(SecurityMixin, TemplateView):
    """The reports waiting for the head, then those already examined."""

    template_name = "security/problem_reports.html"
    required_level = Level.EDIT

    def get_context_data(self, **kwargs):
        reports = ProblemReport.objects.for_school(self.school).select_related("incident")
        return super().get_context_data(
            waiting=[r for r in reports if r.status == ProblemReportStatus.NEW],
            examined=[r for r in reports if r.status != ProblemReportStatus.NEW],
            dismiss_form=ProblemReportDismissForm(),
            **kwargs,
        )


class ProblemReportDismissView(InvalidFormIs400, SecurityMixin, FormView):
    """The head closes a report that needs no incident, with a word for its author."""

    template_name = "security/problem_report_dismiss.html"
    form_class = ProblemReportDismissForm
    required_level = Level.EDIT

    def get_report(self) -> ProblemReport:
        return self.own_object(
            ProblemReport.objects.filter(status=ProblemReportStatus.NEW), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.get_report(), **kwargs)

    @transaction.atomic
    def form_valid(self, form):
        report = self.get_report()
        report.status = ProblemReportStatus.DISMISSED
        report.answer = form.cleaned_data["answer"]
        report.save(update_fields=["status", "answer"])
        messages.success(self.request, "Signalement classé : son auteur lit votre réponse.")
        return HttpResponseRedirect(self.url("problem_reports"))


def waiting_report(school, pk) -> ProblemReport | None:
    """The school's report an incident is being recorded from (``?signalement=``), if any."""
    if not str(pk or "").isdigit():
        return None
    return ProblemReport.objects.filter(
        school=school, pk=pk, status=ProblemReportStatus.NEW
    ).first()
