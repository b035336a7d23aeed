"""Sécurité on a person's home page: the charter in force, when not yet read; the problems
they signalled and the way to signal one; for the head, the reports waiting."""

from django.urls import reverse
from django.utils import timezone

from pilote.core.choices import Domain, Level
from pilote.core.home import RANK_DECISION, MineGroup, MineItem, Todo, register_mine, register_todo

from .acknowledgements import current_versions
from .choices import ProblemReportStatus
from .models import ProblemReport, StaffAcknowledgement


@register_mine
def charter_to_read(context) -> MineGroup | None:
    version = current_versions([context.school]).get(context.school.pk)
    if version is None or not version.for_staff:
        return None
    url = reverse("security:charter_acknowledge", kwargs={"uai": context.school.uai})
    read = StaffAcknowledgement.objects.filter(version=version, user=context.user).exists()
    return MineGroup(
        title="La charte à lire",
        items=[] if read else [MineItem(str(version), url, "à lire et à signer")],
        empty="Vous avez pris connaissance de la charte en vigueur.",
        order=50,
    )


@register_mine
def my_problem_reports(context) -> MineGroup:
    """« Signaler un problème » is on every member's home page, with their last reports."""
    url = reverse("security:problem_report", kwargs={"uai": context.school.uai})
    reports = ProblemReport.objects.for_school(context.school).filter(reported_by=context.user)[:3]
    return MineGroup(
        title="Un problème de sécurité ?",
        items=[
            MineItem(report.summary, url, report.get_status_display().lower()) for report in reports
        ],
        more_url=url,
        more_label="Signaler un problème",
        empty="Message suspect, compte piraté, matériel disparu : dites-le à la direction.",
        order=55,
    )


@register_todo
def problem_reports_waiting(context) -> list[Todo]:
    if not context.capabilities.can(Domain.SECURITE, Level.EDIT):
        return []
    # One query: the days the waiting reports were made (a handful at most).
    days = list(
        ProblemReport.objects.filter(
            school=context.school, status=ProblemReportStatus.NEW
        ).values_list("created_at", flat=True)
    )
    if not days:
        return []
    count = len(days)
    return [
        Todo(
            label=f"{count} problème{'s' if count > 1 else ''} de sécurité signalé"
            f"{'s' if count > 1 else ''} par les personnels",
            url=reverse("security:problem_reports", kwargs={"uai": context.school.uai}),
            rank=RANK_DECISION,
            severity=float(count),
            since=timezone.localdate(min(days)),
            kind="Signalement à examiner",
        )
    ]
