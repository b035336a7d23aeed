"""Big imports on the background worker: the preview, then the application, each a job with
its progress on the job's page (``/travaux/<id>/``), so that no web worker is held by a file
above ``PILOTE_IMPORT_BACKGROUND_BYTES``.

The upload page keeps the file in its :class:`~pilote.core.models.ImportBatch` and starts
:func:`preview_import`; the job computes the preview once and keeps what the page shows (counts,
examples, columns, warnings, the removal to confirm) in the batch, then leads to the preview
page. « Appliquer » starts :func:`apply_import`, which applies the file in one transaction and
leads to the import's page. Both are idempotent: a batch already decided is left alone.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .importing import get_importer, keep_refused, run_import
from .jobs import job_task
from .models import ImportBatch, ImportStatus

ERRORS_KEPT = 200


def is_background(batch) -> bool:
    return bool(batch.metadata.get("background"))


def preview_of(report) -> dict:
    """What the preview page shows, kept in the batch (JSON)."""
    return {
        "counts": report.diff.counts,
        "examples": report.diff.examples(),
        "confirmation": report.confirmation,
        "columns": report.parsed.columns or [],
        "missing_fields": report.parsed.missing_fields,
        "warnings": [str(w) for w in report.parsed.warnings][:ERRORS_KEPT],
    }


def batch_url(batch) -> str:
    return reverse("core:import_preview", kwargs={"uai": batch.school.uai, "pk": batch.pk})


@job_task
def preview_import(job, batch_id: int) -> None:
    batch = ImportBatch.objects.select_related("school", "uploaded_by").get(pk=batch_id)
    if batch.status != ImportStatus.PENDING or "preview" in batch.metadata:
        job.finish_at(batch_url(batch), "Aperçu prêt")
        return
    importer = get_importer(batch.kind)(school=batch.school, user=batch.uploaded_by)
    report = run_import(
        importer, bytes(batch.content), batch.filename, apply=False, progress=job.report
    )
    if report.refused:
        errors = [str(e) for e in report.parsed.errors]
        with transaction.atomic():
            batch.status = ImportStatus.REFUSED
            batch.content = None
            batch.decided_at = timezone.now()
            batch.metadata = {
                **batch.metadata,
                "reason": " ; ".join(errors[:3])[:1000],
                "errors": len(errors),
                "error_list": errors[:ERRORS_KEPT],
            }
            batch.save()
            keep_refused(importer, batch.filename, report.parsed.errors, batch=batch)
        job.finish_at(batch_url(batch), "Fichier refusé : rien n'a été enregistré")
        return
    batch.summary = report.diff.counts
    batch.metadata = {**batch.metadata, "preview": preview_of(report)}
    batch.save(update_fields=["summary", "metadata"])
    job.finish_at(batch_url(batch), "Aperçu prêt : vérifiez-le, puis appliquez l'import")


@job_task
def apply_import(job, batch_id: int, accept_removals: str = "") -> None:
    with transaction.atomic():
        batch = (
            # Lock the batch only: PostgreSQL cannot lock the nullable side of the outer join
            # that reads who uploaded it.
            ImportBatch.objects.select_for_update(of=("self",))
            .select_related("school", "uploaded_by")
            .get(pk=batch_id)
        )
        if batch.status != ImportStatus.PENDING:
            job.finish_at(batch_url(batch), "Cet import a déjà été traité")
            return
        importer = get_importer(batch.kind)(school=batch.school, user=batch.uploaded_by)
        report = run_import(
            importer,
            bytes(batch.content),
            batch.filename,
            apply=True,
            accept_removals=accept_removals,
            batch=batch,
            progress=job.report,
        )
        if report.refused:
            errors = [str(e) for e in report.parsed.errors][:ERRORS_KEPT]
            ImportBatch.objects.filter(pk=batch.pk).update(
                metadata={**batch.metadata, "apply_errors": errors}
            )
            job.finish_at(batch_url(batch), "Import non appliqué : rien n'a été enregistré")
            return
        batch.content = None
        batch.metadata.pop("apply_errors", None)
        batch.save(update_fields=["content", "metadata"])
    job.finish_at(batch_url(batch), "Import appliqué")
