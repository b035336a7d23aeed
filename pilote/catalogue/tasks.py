"""Services' background work: the RGPD register as a PDF (seconds for a full register)."""

from django.utils import timezone

from pilote.core.jobs import job_task
from pilote.core.models import School
from pilote.core.pdf import render_pdf

from . import register as rgpd


@job_task
def build_register_pdf(job, *, school_id: int) -> None:
    school = School.objects.get(pk=school_id)
    job.report(10, "Lecture des fiches du registre")
    context = rgpd.register_context(school)
    context["school"] = school
    context["printed_on"] = timezone.localdate()
    job.report(40, "Mise en page du PDF")
    pdf = render_pdf("catalogue/register_pdf.html", context)
    job.attach(f"registre-traitements-{school.uai}.pdf", pdf, "Le registre est prêt.")
