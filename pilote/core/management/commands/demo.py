"""``pilote demo``: build the demo database, load every module's demo data, serve Pilote.

The background worker (``pilote worker``) runs beside the web server, as in production, so
that mail, PDFs and exports of the demo go through the queue; both stop together.
"""

import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from pilote.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, analyze_tables, load_organisations
from pilote.core.models import School
from pilote.core.modules import Part, modules_providing
from pilote.core.territory import refresh_schools


def load_demo(stdout=None) -> None:
    """The organisations, then ``load(demo)`` of every module declaring ``Part.DEMO`` (core
    first: its accounts and schools), in ``INSTALLED_APPS`` order."""
    with transaction.atomic():
        demo = load_organisations()
        for module in modules_providing(Part.DEMO):
            if stdout:
                stdout.write(f"  données de démonstration : {module.verbose_name}")
            module.part(Part.DEMO).load(demo)
        analyze_tables()
        if stdout:
            stdout.write("  valeurs des indicateurs pour les territoires")
        refresh_schools()


class Command(BaseCommand):
    help = "Crée la base de démonstration (var/demo.sqlite3), la remplit et sert Pilote."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Reconstruit la base.")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--no-serve", action="store_true", help="Prépare la base sans lancer le serveur."
        )

    def handle(self, *args, **options):
        if not settings.DEMO:
            raise CommandError("Lancez la démonstration avec « pilote demo ».")
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError("La démonstration utilise sa propre base SQLite (var/demo.sqlite3).")
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        if options["reset"]:
            connections.close_all()
            for suffix in ("", "-wal", "-shm"):
                path = settings.VAR_DIR / f"demo.sqlite3{suffix}"
                path.unlink(missing_ok=True)
            self.stdout.write("Base de démonstration effacée.")
        call_command("migrate", interactive=False, verbosity=0)
        if School.objects.filter(uai="0449901Y").exists():
            self.stdout.write(
                "Données de démonstration déjà chargées (--reset pour repartir à zéro)."
            )
        else:
            self.stdout.write("Chargement des données de démonstration…")
            load_demo(self.stdout)
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"\nPilote est prêt : {url}"))
        self.stdout.write(f"Comptes de démonstration (mot de passe « {DEMO_PASSWORD} ») :")
        for username, _first_name, _last_name, role, key in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<18} {role.label} ({key})")
        sys.stdout.flush()
        if not options["no_serve"]:
            serve_with_worker(options["host"], options["port"])


def serve_with_worker(host: str, port: int) -> None:
    """gunicorn in this process, ``pilote worker`` in a child stopped when gunicorn stops."""
    worker = subprocess.Popen([sys.executable, "-m", "pilote.cli", "worker"])
    try:
        call_command("serve", host=host, port=port)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
