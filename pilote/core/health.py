"""What ``/sante/`` checks: each check says whether it is fine, and a short French detail."""

from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.crypto import get_random_string

from .tasks import live_workers, oldest_waiting_task

# A task waiting longer than this means the workers do not keep up (or none runs).
TASK_WAIT_LIMIT = timedelta(minutes=10)


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "detail": connection.vendor}
    except Exception as exc:
        return {"ok": False, "detail": f"base injoignable : {type(exc).__name__}"}


def check_cache() -> dict:
    key, value = "pilote:sante", get_random_string(12)
    try:
        cache.set(key, value, 30)
        ok = cache.get(key) == value
    except Exception as exc:
        return {"ok": False, "detail": f"cache injoignable : {type(exc).__name__}"}
    return {"ok": ok, "detail": "lecture et écriture" if ok else "valeur relue différente"}


def check_worker() -> dict:
    try:
        count = live_workers().count()
    except Exception as exc:
        return {"ok": False, "detail": f"{type(exc).__name__}"}
    if not count:
        return {"ok": False, "detail": "aucun processus d'arrière-plan (pilote worker) en vie"}
    return {"ok": True, "detail": f"{count} processus d'arrière-plan en vie"}


def check_queue() -> dict:
    try:
        oldest = oldest_waiting_task()
    except Exception as exc:
        return {"ok": False, "detail": f"{type(exc).__name__}"}
    if oldest is None:
        return {"ok": True, "detail": "aucune tâche en retard"}
    waited = timezone.now() - oldest
    if waited > TASK_WAIT_LIMIT:
        minutes = int(waited.total_seconds() // 60)
        return {"ok": False, "detail": f"une tâche attend depuis {minutes} min"}
    return {"ok": True, "detail": "file à jour"}


def health_checks() -> dict:
    return {
        "base": check_database(),
        "cache": check_cache(),
        "processus": check_worker(),
        "file": check_queue(),
    }
