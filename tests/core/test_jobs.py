"""Background jobs with progress: started by a page, done by the worker, shown to their owner."""

from django.urls import reverse

from pilote.core.jobs import start_job
from pilote.core.models import BackgroundJob, JobStatus
from tests.core.jobs_for_tests import count_to


def test_a_job_reports_progress_and_offers_its_file(
    client, world, django_capture_on_commit_callbacks
):
    user = world["chef.college"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_job(user, "Compter", count_to, school=world.college, up_to=4)
    client.force_login(user)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "En attente du processus d'arrière-plan" in page
    assert f'hx-get="/travaux/{job.pk}/?partiel=1"' in page and "htmx-2.min.js" in page
    assert "<script>" not in page, "aucun script en ligne : la CSP les refuse"

    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 100
    assert job.message == "Terminé" and job.result_name == "nombres.txt"
    answer = client.get(job.get_absolute_url(), {"partiel": "1"})
    assert answer.status_code == 286, "htmx cesse d'interroger un travail terminé"
    part = answer.content.decode()
    assert "<html" not in part and "data-job-finished" in part and "Télécharger" in part
    download = client.get(reverse("core:job_result", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"1\n2\n3\n4"
    assert 'attachment; filename="nombres.txt"' in download["Content-Disposition"]


def test_a_failed_job_says_so_in_french_without_a_traceback(
    client, world, django_capture_on_commit_callbacks
):
    user = world["chef.college"]
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(user, "Compter", count_to, up_to=2, fail=True)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.result_file
    client.force_login(user)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Le travail n'a pas abouti" in page and "ValueError" not in page
    assert client.get(reverse("core:job_result", args=[job.pk])).status_code == 404


def test_nobody_else_sees_a_job_or_its_file(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(world["chef.college"], "Compter", count_to, up_to=1)
    client.force_login(world["adjoint.college"])
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("core:job_result", args=[job.pk])).status_code == 404
    client.logout()
    assert client.get(job.get_absolute_url()).status_code == 302


def test_a_finished_job_is_not_run_again(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(world["chef.college"], "Compter", count_to, up_to=1)
    finished_at = BackgroundJob.objects.get().finished_at
    count_to.enqueue(str(job.pk), up_to=3)
    job.refresh_from_db()
    assert job.finished_at == finished_at and job.result_name == "nombres.txt"
