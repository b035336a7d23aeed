"""Long work a person waits for, done by the worker, with its progress on a page.

A view that would take seconds (a PDF of 150 records, a territory export, a big import) starts
a job and sends the person to the job's page::

    job = start_job(request.user, "Registre RGPD (PDF)", build_register_pdf, school=school)
    return redirect(job)

The task is declared with :func:`job_task` and receives the job first; it reports as it goes::

    @job_task
    def build_register_pdf(job, school_id):
        job.report(10, "Lecture des fiches")
        …
        job.attach("registre.pdf", pdf_bytes)        # or job.finish_at(url)

The page ``/travaux/<id>/`` shows a progress bar and the step; htmx (loaded by every page,
no inline script: the CSP forbids them) reloads that part every 1.5 s until the job ends, then
offers the file or the page. Without JavaScript, a button reloads it. Only the person who
started the job sees it and its result.

If the worker is killed in the middle, the task runs again from the start (see
:mod:`pilote.core.tasks`): a job's task must be idempotent.
"""

import functools
import logging

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone

from .models import BackgroundJob, JobStatus
from .tasks import enqueue_after_commit

logger = logging.getLogger(__name__)


def start_job(user, label: str, task, *, school=None, **kwargs) -> BackgroundJob:
    """Record the job and queue ``task(job_id, **kwargs)`` after the commit."""
    job = BackgroundJob.objects.create(user=user, school=school, label=label[:200])

    def not_queued(exc):
        BackgroundJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            error="Le travail n'a pas pu être confié au processus d'arrière-plan. Réessayez "
            "dans quelques minutes ; si cela persiste, prévenez l'administrateur.",
        )

    enqueue_after_commit(task, str(job.pk), on_error=not_queued, **kwargs)
    return job


class JobReporter:
    """What a running task may do with its job: report progress, hand over the result."""

    def __init__(self, job: BackgroundJob):
        self.job = job

    def report(self, progress: int, message: str = "") -> None:
        """Progress in percent (0–100) and the step in plain words."""
        progress = max(0, min(100, int(progress)))
        BackgroundJob.objects.filter(pk=self.job.pk).update(
            progress=progress, message=message[:300]
        )

    def attach(self, filename: str, content: bytes, message: str = "Terminé") -> None:
        """The job is done and its result is this file, offered for download."""
        self.job.result_file.save(filename, ContentFile(content), save=False)
        self._finish(result_file=self.job.result_file.name, result_name=filename, message=message)

    def finish_at(self, url: str, message: str = "Terminé") -> None:
        """The job is done and its result is a page of Pilote (an import preview, say)."""
        self._finish(result_url=url, message=message)

    def _finish(self, **fields) -> None:
        BackgroundJob.objects.filter(pk=self.job.pk).update(
            status=JobStatus.DONE, progress=100, finished_at=timezone.now(), **fields
        )


def job_task(function=None, **task_options):
    """Declare the task of a job: ``function(job, **kwargs)`` gets a :class:`JobReporter`.

    Around it: the job is marked running, then done (if the function handed over no result,
    the job simply ends) or failed — the person sees a French message, never a traceback, and
    the exception goes to the server's log. A job already finished (the task ran twice) is not
    run again. ``task_options`` go to ``django.tasks.task`` (``queue_name``, ``priority``)."""

    def declare(function):
        @functools.wraps(function)
        def run(job_id: str, **kwargs):
            job = BackgroundJob.objects.filter(pk=job_id).first()
            if job is None or job.finished:
                return
            BackgroundJob.objects.filter(pk=job.pk).update(
                status=JobStatus.RUNNING, started_at=timezone.now(), progress=0, error=""
            )
            reporter = JobReporter(job)
            try:
                function(reporter, **kwargs)
            except Exception:
                logger.exception("Le travail %s (%s) a échoué", job.pk, job.label)
                BackgroundJob.objects.filter(pk=job.pk).update(
                    status=JobStatus.FAILED,
                    finished_at=timezone.now(),
                    error="Le travail n'a pas abouti. Réessayez ; si cela recommence, prévenez "
                    "l'administrateur (l'erreur est inscrite dans les journaux du serveur).",
                )
                return
            BackgroundJob.objects.filter(pk=job.pk).exclude(status=JobStatus.DONE).update(
                status=JobStatus.DONE, progress=100, finished_at=timezone.now()
            )

        return task(**task_options)(run)

    return declare(function) if function is not None else declare
