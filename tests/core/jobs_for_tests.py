"""Tasks used by the tests of background work (importable by a worker in another process)."""

import os
import time
from pathlib import Path

from django.tasks import task

from pilote.core.jobs import job_task


@job_task
def count_to(job, *, up_to: int, fail: bool = False):
    for number in range(1, up_to + 1):
        job.report(100 * number // up_to, f"Nombre {number} sur {up_to}")
    if fail:
        raise ValueError("échec voulu par le test")
    job.attach("nombres.txt", "\n".join(str(n) for n in range(1, up_to + 1)).encode())


@task
def slow_step(marker_dir: str, seconds: float) -> str:
    """Writes ``started-<pid>`` then, after ``seconds``, ``done-<pid>`` in ``marker_dir``.

    Killed in the middle, it leaves a start and no end; run again, a start and an end."""
    directory = Path(marker_dir)
    (directory / f"started-{os.getpid()}-{time.monotonic_ns()}").touch()
    time.sleep(seconds)
    (directory / f"done-{os.getpid()}-{time.monotonic_ns()}").touch()
    return "done"
