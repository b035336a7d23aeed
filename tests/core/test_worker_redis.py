"""The Redis queue (RQ) for real: the local Redis server, a ``pilote worker`` in another process.

An académie running several machines sets ``PILOTE_QUEUE_REDIS_URL``: the tasks then wait in
Redis instead of the database, and the same ``pilote worker`` runs them with RQ. Without a Redis
server on 127.0.0.1:6379 these tests are skipped, unless ``CI`` is set (CI starts one).
"""

import os
from datetime import timedelta

import pytest
import redis
from django.db import transaction
from django.utils import timezone

from pilote.core.jobs import start_job
from pilote.core.models import BackgroundJob, JobStatus
from pilote.core.tasks import oldest_waiting_task
from tests.core.factories import build_world
from tests.core.jobs_for_tests import count_to
from tests.workers import running_worker, wait_until

# A database of Redis no other test uses, emptied before and after each test.
REDIS_URL = "redis://127.0.0.1:6379/9"


@pytest.fixture
def redis_queue(settings, transactional_db):
    server = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("pas de serveur Redis sur 127.0.0.1:6379")
    server.flushdb()
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    yield server
    server.flushdb()


def test_a_job_waits_in_redis_and_a_worker_runs_it_with_its_progress(redis_queue):
    from django_tasks_db.models import DBTaskResult

    world = build_world()
    with transaction.atomic():
        job = start_job(world["chef.college"], "Compter", count_to, school=world.college, up_to=3)
    assert redis_queue.llen("rq:queue:default") == 1, "la tâche attend dans Redis"
    assert not DBTaskResult.objects.exists(), "et pas dans la base"
    waiting_since = oldest_waiting_task()
    assert waiting_since is not None and timezone.now() - waiting_since < timedelta(minutes=1)
    assert BackgroundJob.objects.get(pk=job.pk).status == JobStatus.QUEUED

    with running_worker(PILOTE_QUEUE_REDIS_URL=REDIS_URL):
        wait_until(
            lambda: BackgroundJob.objects.get(pk=job.pk).status == JobStatus.DONE,
            what="le travail fait par le processus d'arrière-plan",
        )
    job.refresh_from_db()
    assert (job.progress, job.result_name) == (100, "nombres.txt")
    assert redis_queue.llen("rq:queue:default") == 0
    assert oldest_waiting_task() is None, "/sante/ : plus rien n'attend"


def test_a_failing_job_says_so_in_french_through_redis_too(redis_queue):
    world = build_world()
    with transaction.atomic():
        job = start_job(world["chef.college"], "Compter", count_to, up_to=2, fail=True)
    with running_worker(PILOTE_QUEUE_REDIS_URL=REDIS_URL):
        wait_until(
            lambda: BackgroundJob.objects.get(pk=job.pk).status == JobStatus.FAILED,
            what="l'échec du travail enregistré",
        )
    job.refresh_from_db()
    assert "Traceback" not in job.error and job.error
