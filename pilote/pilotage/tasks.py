"""Background work of the pilotage module (Django's task framework)."""

from django.tasks import task
from django.utils import timezone

from pilote.core.jobs import job_task
from pilote.core.models import School

from .history import record


@task
def record_school(school_id: int) -> int:
    """Record one school's indicators (after an import): returns the rows written."""
    return record(School.objects.filter(pk=school_id)).written


@job_task
def build_volet_pdf(job, volet_id: int) -> None:
    """The volet numérique as a PDF document, for the conseils and the archives."""
    from pilote.core.pdf import render_pdf

    from .models import Volet
    from .progress import target_progress, volet_tree

    volet = Volet.objects.select_related("school").get(pk=volet_id)
    job.report(20, "Lecture du volet et des indicateurs")
    axes = volet_tree(volet)
    context = {
        "volet": volet,
        "school": volet.school,
        "axes": axes,
        "progress": target_progress(volet, axes),
        "printed_on": timezone.localdate(),
    }
    job.report(60, "Mise en page")
    pdf = render_pdf("pilotage/volet_pdf.html", context)
    job.attach(f"volet-numerique-{volet.school.uai}-{volet.period}-v{volet.version}.pdf", pdf)
