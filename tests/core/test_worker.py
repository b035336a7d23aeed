"""The worker for real: a second process, a mail server started by the test, a killed worker.

These tests commit (``transactional_db``) so that the worker, another process, reads what
the test wrote; the queue is the database one, as in production.
"""

import os
import signal
import time

import pytest
from django.tasks import TaskResultStatus
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from pilote.core.models import OutboxMessage, OutboxStatus, User, WorkerHeartbeat
from tests.core.factories import build_world
from tests.core.jobs_for_tests import slow_step
from tests.mailservers import blackhole_server, refusing_smtp_port, smtp_server
from tests.workers import running_worker, start_worker, wait_until

pytestmark = pytest.mark.usefixtures("database_queue")


@pytest.fixture
def database_queue(settings, transactional_db):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def invite_three_members(world) -> list[float]:
    """The head adds three members (each gets an invitation); the time of each answer."""
    client = Client()
    client.force_login(world["chef.college"])
    url = reverse("core:member_add", args=[world.college.uai])
    assert client.get(url).status_code == 200  # templates compiled: time the action alone
    wait_until(WorkerHeartbeat.objects.exists, what="le processus d'arrière-plan prêt")
    durations = []
    for number in range(3):
        started = time.monotonic()
        response = client.post(
            url,
            {
                "email": f"nouveau{number}@example.fr",
                "first_name": "Nouveau",
                "last_name": f"N{number}",
                "role": "enseignant",
            },
        )
        durations.append(time.monotonic() - started)
        assert response.status_code == 302
    return durations


def attempted_everything() -> bool:
    return OutboxMessage.objects.filter(attempts=0).count() == 0


def all_sent() -> bool:
    return not OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists()


@pytest.mark.parametrize("server", ["silencieux", "refus"])
def test_actions_answer_at_once_whatever_the_mail_server_and_mail_leaves_when_it_is_back(server):
    world = build_world()
    if server == "silencieux":
        with blackhole_server() as port, running_worker(PILOTE_SMTP_PORT=port):
            durations = invite_three_members(world)
            wait_until(attempted_everything, what="les trois courriels tentés")
    else:
        port = refusing_smtp_port()
        with running_worker(PILOTE_SMTP_PORT=port):
            durations = invite_three_members(world)
            wait_until(attempted_everything, what="les trois courriels tentés")
    assert max(durations) < 1, durations
    assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count() == 3
    assert User.objects.filter(email__startswith="nouveau").count() == 3, "rien en double"

    with smtp_server(port) as (port, collector), running_worker(PILOTE_SMTP_PORT=port):
        wait_until(all_sent, what="les courriels partis au retour du serveur")
    recipients = sorted(address for envelope in collector.messages for address in envelope.rcpt_tos)
    assert recipients == [f"nouveau{number}@example.fr" for number in range(3)]


def test_a_worker_killed_in_the_middle_of_a_task_loses_nothing_and_finishes_it_once(tmp_path):
    result = slow_step.enqueue(str(tmp_path), 4)
    first = start_worker()
    try:
        wait_until(lambda: any(tmp_path.glob("started-*")), what="la tâche commencée")
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    finally:
        if first.poll() is None:
            first.kill()
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.RUNNING
    assert not any(tmp_path.glob("done-*"))

    with running_worker():
        wait_until(
            lambda: DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.SUCCESSFUL,
            what="la tâche reprise et terminée",
        )
    assert len(list(tmp_path.glob("started-*"))) == 2, "reprise une fois"
    assert len(list(tmp_path.glob("done-*"))) == 1, "terminée une seule fois"
    assert len(set(DBTaskResult.objects.get(id=result.id).worker_ids)) == 2
