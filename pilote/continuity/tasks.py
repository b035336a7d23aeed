"""PDF documents of « Continuité », made by the worker (the person follows the job's page)."""

from pilote.core.jobs import job_task
from pilote.core.pdf import render_pdf

from . import documents


@job_task
def build_plan_pdf(job, *, plan_id: int, families: bool = False) -> None:
    job.report(10, "Lecture du plan")
    context = documents.plan_context(plan_id)
    job.report(40, "Mise en page du PDF")
    template = "continuity/plan_families_pdf.html" if families else "continuity/plan_pdf.html"
    pdf = render_pdf(template, context)
    job.attach(documents.plan_filename(context["plan"], families), pdf, "Le document est prêt.")


@job_task
def build_activation_pdf(job, *, activation_id: int) -> None:
    job.report(10, "Lecture du message")
    context = documents.activation_context(activation_id)
    pdf = render_pdf("continuity/activation_message_pdf.html", context)
    job.attach(documents.activation_filename(context["activation"]), pdf, "Le message est prêt.")
