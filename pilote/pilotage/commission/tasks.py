"""Background work of the commission: the minutes' PDF, built and sent by the worker."""

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from pilote.core.jobs import job_task
from pilote.core.notify import send_notification


def minutes_pdf(minutes) -> bytes:
    from pilote.core.pdf import render_pdf

    from .views import minutes_context

    return render_pdf("pilotage/commission/minutes_pdf.html", minutes_context(minutes))


def minutes_filename(minutes) -> str:
    meeting = minutes.meeting
    day = timezone.localtime(meeting.starts_at).date()
    return f"commission-numerique-{meeting.school.uai}-{day:%Y-%m-%d}-v{minutes.version}.pdf"


@task
def send_minutes(minutes_id: int) -> str:
    """E-mail the approved minutes (PDF attached) to the members; once per version."""
    from .models import Minutes
    from .services import members_on

    minutes = Minutes.objects.select_related("meeting__school").get(pk=minutes_id)
    if minutes.sent_at is not None or not minutes.is_approved:
        return "skipped"
    meeting = minutes.meeting
    pdf = minutes_pdf(minutes)
    members = members_on(meeting.school, timezone.localtime(meeting.starts_at).date())
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().get(pk=minutes_id)
        if locked.sent_at is not None:
            return "skipped"
        count = send_notification(
            [m.contact_email for m in members],
            f"Compte rendu : {meeting} — {meeting.school.name}",
            "pilotage/commission/email/minutes.txt",
            {"meeting": meeting, "school": meeting.school, "minutes": minutes},
            attachments=[(minutes_filename(minutes), pdf, "application/pdf")],
            school=meeting.school,
        )
        locked.sent_at = timezone.now()
        locked.save(update_fields=["sent_at"])
    return f"sent to {count}"


@job_task
def build_minutes_pdf(job, minutes_id: int) -> None:
    from .models import Minutes

    minutes = Minutes.objects.select_related("meeting__school").get(pk=minutes_id)
    job.report(30, "Mise en page du compte rendu")
    job.attach(minutes_filename(minutes), minutes_pdf(minutes))
