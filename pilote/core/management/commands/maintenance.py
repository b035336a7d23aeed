"""``pilote maintenance on|off``: show the French maintenance page instead of Pilote."""

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Met Pilote en maintenance (on) ou le rouvre (off)."

    def add_arguments(self, parser):
        parser.add_argument("state", choices=["on", "off"])

    def handle(self, *args, state, **options):
        flag = settings.PILOTE_MAINTENANCE_FLAG
        if state == "on":
            flag.parent.mkdir(parents=True, exist_ok=True)
            flag.touch()
            self.stdout.write("Pilote est en maintenance : chaque page l'annonce (503).")
        else:
            flag.unlink(missing_ok=True)
            self.stdout.write("Pilote est rouvert.")
