"""The bilan's documents are built by the worker, never in a request (jobs with progress)."""

from django.core.files.base import ContentFile
from django.urls import reverse

from pilote.core.jobs import job_task
from pilote.core.models import School


def _progress(job, start: int, span: int):
    def report(done: int, total: int) -> None:
        job.report(start + span * done // max(total, 1), "Graphiques de l'année")

    return report


@job_task
def build_bilan_document(job, school_id: int, start_year: int, extension: str) -> None:
    """The bilan annuel of one school and one school year, as a PDF or a DOCX."""
    from .documents import build
    from .facts import build_bilan, draw_charts

    school = School.objects.select_related("academie").get(pk=school_id)
    job.report(5, "Lecture de l'historique des indicateurs")
    bilan = build_bilan(school, start_year)
    draw_charts(bilan, extension, progress=_progress(job, 10, 50))
    job.report(65, "Mise en page")
    job.attach(bilan.filename(extension), build(bilan, extension))


@job_task
def build_shared_bilan(job, shared_id: int) -> None:
    """The PDF the collectivité and the académie will read, kept with the share."""
    from .documents import build_pdf
    from .facts import build_bilan, draw_charts
    from .models import SharedBilan

    shared = SharedBilan.objects.select_related("school__academie").filter(pk=shared_id).first()
    if shared is None:  # withdrawn before the worker got to it
        return
    job.report(5, "Lecture de l'historique des indicateurs")
    bilan = build_bilan(shared.school, shared.start_year)
    draw_charts(bilan, progress=_progress(job, 10, 50))
    job.report(65, "Mise en page")
    pdf = build_pdf(bilan)
    if shared.document:
        shared.document.delete(save=False)
    shared.document.save(bilan.filename("pdf"), ContentFile(pdf), save=False)
    SharedBilan.objects.filter(pk=shared.pk).update(document=shared.document.name)
    job.finish_at(reverse("pilotage:bilan", kwargs={"uai": shared.school.uai}), "Bilan partagé")


@job_task
def build_territory_bilan(job, kind: str, code: str, start_year: int) -> None:
    """The territory's bilan: per indicator, the distribution over its schools."""
    from .territory import build_territory_pdf, organisation_of

    organisation = organisation_of(kind, code)
    job.report(5, "Lecture de l'historique des indicateurs des établissements")
    pdf, filename = build_territory_pdf(organisation, start_year, job=job)
    job.attach(filename, pdf)
