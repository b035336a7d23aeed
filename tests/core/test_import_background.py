"""Files above PILOTE_IMPORT_BACKGROUND_BYTES: the worker previews them, then applies them,
with the progress on the job's page; the preview page never reads the file again; a refused
file stays refused and the database unchanged."""

import io

import pytest
from django.urls import reverse

from pilote.core.models import BackgroundJob, ImportBatch, ImportStatus, JobStatus, JournalEntry
from pilote.core.revert import revert_import
from pilote.inventory.models import Equipment
from tests.inventory.test_import import BAD, GOOD


@pytest.fixture
def big(settings):
    settings.PILOTE_IMPORT_BACKGROUND_BYTES = 200


def upload(client, world, content: str):
    client.force_login(world["chef.college"])
    handle = io.BytesIO(content.encode())
    handle.name = "parc.csv"
    url = reverse("core:import_upload", args=[world.college.uai, "inventaire"])
    return client.post(url, {"file": handle})


def test_big_file_is_previewed_then_applied_by_the_worker(client, world, big, monkeypatch):
    assert len(GOOD.encode()) > 200
    response = upload(client, world, GOOD)
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 100
    batch = ImportBatch.objects.get(school=world.college)
    assert job.result_url.endswith(f"/imports/{batch.pk}/")
    assert batch.status == ImportStatus.PENDING and batch.metadata["preview"]["counts"]["created"]
    assert not Equipment.objects.exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Ouvrir le résultat" in page

    def no_reading(*args, **kwargs):
        raise AssertionError("la page d'aperçu a relu le fichier")

    monkeypatch.setattr("pilote.core.views.run_import", no_reading)
    preview = client.get(job.result_url).content.decode()
    assert "à créer" in preview and "Appliquer l'import" in preview
    applied = client.post(job.result_url, {"decision": "apply"})
    second = BackgroundJob.objects.exclude(pk=job.pk).get()
    assert applied.url == second.get_absolute_url()
    second.refresh_from_db()
    assert second.status == JobStatus.DONE and second.message == "Import appliqué"
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED and batch.content is None
    assert Equipment.objects.filter(school=world.college).count() == 3
    revert_import(batch)
    assert not Equipment.objects.exists()


def test_big_refused_file_is_kept_refused_and_writes_nothing(client, world, big):
    content = BAD + "".join(f"Y-{n};S{n};Portable;;;;;;;;;;\n" for n in range(10))
    response = upload(client, world, content)
    assert response.status_code == 302
    job = BackgroundJob.objects.get()
    assert "refusé" in job.message
    batch = ImportBatch.objects.get(school=world.college)
    assert batch.status == ImportStatus.REFUSED and batch.content is None
    assert any("ligne 2" in error for error in batch.metadata["error_list"])
    page = client.get(job.result_url).content.decode()
    assert "Grille-pain" in page
    assert not Equipment.objects.exists()
    assert JournalEntry.objects.filter(action="import_refused", school=world.college).exists()
    again = client.post(job.result_url, {"decision": "apply"})
    assert again.status_code == 302 and BackgroundJob.objects.count() == 1
    assert not Equipment.objects.exists()


def test_small_file_stays_in_the_request(client, world):
    response = upload(client, world, GOOD)
    assert "/imports/" in response.url and not BackgroundJob.objects.exists()
