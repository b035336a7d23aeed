"""Background work on Django's task framework (``django.tasks``): the one way modules use it.

A module defines its tasks with ``@task`` from ``django.tasks`` in its own ``tasks.py`` and
queues them with :func:`enqueue_after_commit`, never with ``task.enqueue()`` inside a
transaction: the worker would otherwise read rows that are not committed yet, or that a
rollback erases. Long work a person waits for goes through :mod:`pilote.core.jobs` (progress
page, result to download); mail through :func:`pilote.core.notify.send_notification` (outbox).

Which queue runs the tasks is a setting (``TASKS``, chosen by ``PILOTE_TASKS_BACKEND``): the
database by default, Redis for an académie running several machines, the immediate backend in
the unit tests. ``pilote worker`` runs them. A worker says it is alive every few seconds
(:class:`~pilote.core.models.WorkerHeartbeat`); a worker that falls silent in the middle of a
task — killed, machine lost — has its running tasks handed back to the queue by the others, so
nothing is lost. Tasks must therefore be idempotent: run twice, they leave one result.
"""

import logging
import os
import socket
from datetime import UTC, timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends
from django.utils import timezone
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)


def heartbeat_seconds() -> float:
    return settings.PILOTE_WORKER_HEARTBEAT_SECONDS


def silence_seconds() -> float:
    """A worker silent for this long is taken for dead and its running tasks are given back."""
    return settings.PILOTE_WORKER_SILENCE_SECONDS


def enqueue_after_commit(task, *args, on_error=None, **kwargs) -> None:
    """Queue ``task(*args, **kwargs)`` once the current transaction commits (at once outside one).

    If the queue cannot take it (Redis down…), the action that asked has already succeeded: the
    error is logged and ``on_error(exc)`` is called, so the caller can record it where a person
    will see it. Outbox messages need nothing: the worker's sweep sends them anyway.
    """

    def enqueue():
        try:
            task.enqueue(*args, **kwargs)
        except Exception as exc:
            logger.exception("Impossible de confier la tâche %s à la file", task.module_path)
            if on_error is not None:
                on_error(exc)

    transaction.on_commit(enqueue)


def uses_database_queue() -> bool:
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def uses_redis_queue() -> bool:
    """RQ's queue in Redis (``PILOTE_QUEUE_REDIS_URL``)."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    return type(backend).__module__.startswith("django_tasks_rq")


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"


def beat(worker_id: str) -> None:
    """Say that ``worker_id`` is alive now."""
    from .models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "last_seen": timezone.now(),
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
        },
    )


def forget_worker(worker_id: str) -> None:
    from .models import WorkerHeartbeat

    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def live_workers():
    from .models import WorkerHeartbeat

    return WorkerHeartbeat.objects.filter(
        last_seen__gte=timezone.now() - timedelta(seconds=silence_seconds())
    )


def requeue_orphaned_tasks() -> int:
    """Give back to the queue the tasks a dead worker was running; returns how many.

    A worker is dead when its heartbeat is older than ``PILOTE_WORKER_SILENCE_SECONDS``. Only
    workers that beat are judged: a task run by anything else is left alone. The database
    queue only — RQ has its own registry of abandoned jobs.
    """
    if not uses_database_queue():
        return 0
    from django_tasks_db.models import DBTaskResult

    from .models import WorkerHeartbeat

    limit = timezone.now() - timedelta(seconds=silence_seconds())
    dead = set(
        WorkerHeartbeat.objects.filter(last_seen__lt=limit).values_list("worker_id", flat=True)
    )
    if not dead:
        return 0
    orphans = [
        result_id
        for result_id, worker_ids in DBTaskResult.objects.running().values_list("id", "worker_ids")
        if worker_ids and worker_ids[-1] in dead
    ]
    with transaction.atomic():
        given_back = (
            DBTaskResult.objects.running()
            .filter(id__in=orphans)
            .update(status=TaskResultStatus.READY, started_at=None)
        )
        WorkerHeartbeat.objects.filter(worker_id__in=dead).delete()
    if given_back:
        logger.warning("%d tâche(s) d'un processus arrêté remise(s) dans la file", given_back)
    return given_back


def oldest_waiting_task():
    """When the oldest task ready to run was queued (``None`` if none), in either queue; a
    backend that runs tasks at once (tests) has none waiting."""
    if uses_redis_queue():
        return oldest_waiting_rq_job()
    if not uses_database_queue():
        return None
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.ready()
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )


def oldest_waiting_rq_job():
    """The Redis queue's head: RQ queues at the tail, so the first job waited longest."""
    import django_rq
    from rq.job import Job

    oldest = None
    for name in settings.RQ_QUEUES:
        queue = django_rq.get_queue(name)
        first = queue.get_job_ids(0, 1)
        job = Job.fetch(first[0], connection=queue.connection) if first else None
        if job is not None and job.enqueued_at is not None:
            enqueued = job.enqueued_at
            if timezone.is_naive(enqueued):
                enqueued = enqueued.replace(tzinfo=UTC)
            oldest = enqueued if oldest is None else min(oldest, enqueued)
    return oldest


def housekeeping(worker_id: str) -> None:
    """What every worker does every few seconds besides running tasks."""
    from .notify import queue_due_messages

    beat(worker_id)
    requeue_orphaned_tasks()
    queue_due_messages()
