"""``pilote worker``: run the background tasks (mail, PDFs, exports, imports).

One process runs one task at a time; start several for more. Besides the tasks, it says every
few seconds that it is alive, gives back to the queue the tasks of a worker that fell silent,
and queues the e-mails due for another attempt or whose task was lost
(:func:`pilote.core.tasks.housekeeping`). The queue is the database's, or Redis's (RQ) when
``PILOTE_QUEUE_REDIS_URL`` is set.
SIGTERM lets the current task finish before stopping (systemd's ``stop``).
"""

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from pilote.core.tasks import (
    forget_worker,
    heartbeat_seconds,
    housekeeping,
    new_worker_id,
    uses_database_queue,
)

logger = logging.getLogger(__name__)


class Housekeeper(threading.Thread):
    """The heartbeat and the sweeps, in a thread beside the task loop."""

    def __init__(self, worker_id: str):
        super().__init__(name="pilote-housekeeping", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                close_old_connections()
                housekeeping(self.worker_id)
            except Exception:  # a locked or unreachable database: try again at the next beat
                logger.exception("Tour de surveillance du processus d'arrière-plan")
            self.stopping.wait(heartbeat_seconds())
        connection.close()


class Command(BaseCommand):
    help = "Exécute les tâches d'arrière-plan (courriels, PDF, exports, imports)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Secondes entre deux regards sur la file."
        )
        parser.add_argument(
            "--batch", action="store_true", help="Exécute ce qui attend, puis s'arrête."
        )

    def handle(self, *args, **options):
        worker_id = new_worker_id()
        housekeeper = Housekeeper(worker_id)
        housekeeping(worker_id)
        housekeeper.start()
        self.stdout.write(f"Processus d'arrière-plan {worker_id} prêt.")
        try:
            if uses_database_queue():
                run_database_queue(worker_id, options)
            else:
                run_redis_queue(worker_id, options)
        finally:
            housekeeper.stopping.set()
            housekeeper.join(timeout=heartbeat_seconds() + 1)
            forget_worker(worker_id)


def run_database_queue(worker_id: str, options: dict) -> None:
    call_command(
        "db_worker",
        queue_name="*",
        worker_id=worker_id,
        interval=options["interval"],
        batch=options["batch"],
        startup_delay=False,
        reload=False,
        verbosity=options["verbosity"],
    )


def run_redis_queue(worker_id: str, options: dict) -> None:
    """RQ's worker, with the job class that runs Django tasks (PILOTE_QUEUE_REDIS_URL). RQ keeps
    its own registry of jobs whose worker died: the sweep of the database queue is not needed."""
    call_command(
        "rqworker",
        *settings.RQ_QUEUES,
        name=worker_id,
        job_class="django_tasks_rq.Job",
        burst=options["batch"],
        with_scheduler=not options["batch"],
        verbosity=options["verbosity"],
    )
