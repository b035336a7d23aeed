"""``pilote serve``: Pilote behind gunicorn, a production WSGI server."""

import os

from django.core.management.base import BaseCommand
from gunicorn.app.base import BaseApplication

from pilote.wsgi import application


class PiloteServer(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return application


class Command(BaseCommand):
    help = "Sert Pilote avec gunicorn (fichiers statiques compris)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("PILOTE_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PILOTE_PORT", 8000)))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("PILOTE_WORKERS", 2 * (os.cpu_count() or 1) + 1)),
        )
        parser.add_argument("--threads", type=int, default=int(os.environ.get("PILOTE_THREADS", 4)))

    def handle(self, *args, **options):
        PiloteServer(
            {
                "bind": f"{options['host']}:{options['port']}",
                "workers": options["workers"],
                "threads": options["threads"],
                "worker_class": "gthread",
                "accesslog": "-",
                "timeout": 120,
            }
        ).run()
