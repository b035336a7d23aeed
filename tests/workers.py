"""A real ``pilote worker`` in another process, on the test database (database queue)."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def test_database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] or "root"
    host = settings["HOST"] or "127.0.0.1"
    return f"postgres://{user}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"


def worker_environment(**overrides) -> dict:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pilote.settings.production",
        "PILOTE_SECRET_KEY": "worker-started-by-a-test",
        "DATABASE_URL": test_database_url(),
        "PYTHONPATH": str(ROOT),
        "PILOTE_WORKER_HEARTBEAT_SECONDS": "0.5",
        "PILOTE_WORKER_SILENCE_SECONDS": "3",
        "PILOTE_SMTP_TIMEOUT": "1",
        "PILOTE_MAIL_RETRY_DELAYS": ",".join(["1"] * 30),
    }
    environment.update({key: str(value) for key, value in overrides.items()})
    return environment


def start_worker(**overrides) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pilote.cli", "worker", "--interval", "0.2", "-v", "0"],
        cwd=ROOT,
        env=worker_environment(**overrides),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@contextmanager
def running_worker(**overrides):
    """A worker for the body of the ``with``; stopped by SIGTERM (graceful) at the end."""
    process = start_worker(**overrides)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        errors = process.stderr.read()
        if errors:
            print(f"--- journal du processus d'arrière-plan ---\n{errors}")  # shown on failure


def wait_until(condition, *, timeout: float = 60, what: str = "la condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} : toujours pas au bout de {timeout} s")
