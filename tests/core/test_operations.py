"""Running Pilote: health page, production settings, static files, shared cache."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

from pilote.core.models import WorkerHeartbeat

ROOT = Path(__file__).resolve().parents[2]


def alive_worker():
    WorkerHeartbeat.objects.create(
        worker_id="essai", hostname="ici", pid=1, last_seen=timezone.now()
    )


def test_health_is_200_with_a_live_worker_and_says_nothing_to_anonymous(client, db):
    alive_worker()
    response = client.get("/sante/")
    assert response.status_code == 200 and response.content == b"OK"


def test_health_is_503_without_worker_and_details_only_for_the_administrator(
    client, db, django_user_model
):
    response = client.get("/sante/")
    assert response.status_code == 503 and response.content == b"Indisponible"
    admin = django_user_model.objects.create_superuser("exploitant", "e@example.fr", "x")
    client.force_login(admin)
    detail = client.get("/sante/").json()
    assert detail["ok"] is False
    assert detail["checks"]["processus"]["ok"] is False
    assert detail["checks"]["base"]["ok"] and detail["checks"]["cache"]["ok"]


def production(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        "PATH": "/usr/bin:/bin",
        "HOME": "/tmp",
        "DJANGO_SETTINGS_MODULE": "pilote.settings.production",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "pilote.cli", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_production_refuses_to_start_without_a_secret_key_in_french():
    result = production("check")
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "pilote : PILOTE_SECRET_KEY doit être défini en production (une longue chaîne aléatoire)."
    ), "une ligne en français, sans trace d'appels"


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = production(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        PILOTE_SECRET_KEY="k" * 60 + "-une-cle-longue-et-variee-0123456789",
        PILOTE_ALLOWED_HOSTS="pilote.ac-exemple.fr",
        PILOTE_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_static_files_are_collected_hashed_and_compressed(tmp_path):
    result = production(
        "collectstatic",
        "--noinput",
        "-v",
        "0",
        PILOTE_SECRET_KEY="collecte",
        PILOTE_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    static = tmp_path / "static"
    hashed = list(static.glob("django_htmx/htmx-2.min.*.js"))
    assert hashed, "nom haché"
    assert (static / "staticfiles.json").exists()
    assert list(static.glob("pilote/pilote.*.css.gz")), "copie compressée"


def test_maintenance_page_in_french_until_reopened(client, world, settings, tmp_path):
    settings.PILOTE_MAINTENANCE_FLAG = tmp_path / "maintenance"
    alive_worker()
    client.force_login(world["chef.college"])
    call_command("maintenance", "on", stdout=StringIO())
    response = client.get(f"/etablissements/{world.college.uai}/")
    assert response.status_code == 503 and response["Retry-After"] == "600"
    assert "Pilote est en maintenance" in response.content.decode()
    assert client.get("/sante/").status_code == 200
    call_command("maintenance", "off", stdout=StringIO())
    assert client.get(f"/etablissements/{world.college.uai}/").status_code == 200


def test_with_redis_every_process_shares_one_cache(tmp_path):
    """PILOTE_REDIS_URL: what one process caches, another reads (Redis database 1)."""
    redis_env = {
        "PILOTE_SECRET_KEY": "cache-partage",
        "PILOTE_REDIS_URL": "redis://127.0.0.1:6379/1",
        "PILOTE_VAR_DIR": str(tmp_path),
    }
    code = "from django.core.cache import cache; cache.set('pilote:essai', 'partagé', 60)"
    written = production("shell", "-v", "0", "-c", code, **redis_env)
    assert written.returncode == 0, written.stderr
    code = (
        "from django.core.cache import cache; print(type(cache._cache).__name__,"
        " cache.get('pilote:essai')); cache.delete('pilote:essai')"
    )
    read = production("shell", "-v", "0", "-c", code, **redis_env)
    assert read.returncode == 0, read.stderr
    assert read.stdout.split() == ["RedisCacheClient", "partagé"]
