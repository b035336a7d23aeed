"""``pilote restauration FICHIER``: an archive of ``pilote sauvegarde`` into an empty instance."""

from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pilote.core.backup import BackupRefused, restore_backup


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde dans une base et un dossier de fichiers vides, après avoir "
        "vérifié la version de Pilote et chaque empreinte de l'archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="Archive écrite par pilote sauvegarde")

    def handle(self, *args, fichier, **options):
        try:
            manifest = restore_backup(Path(fichier))
        except BackupRefused as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        made = timezone.localtime(datetime.fromisoformat(manifest["created_at"]))
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde du {made:%d/%m/%Y à %H:%M} restaurée : "
                f"{len(manifest['tables'])} tables ({rows} lignes) et "
                f"{len(manifest['files'])} fichier(s), chacun vérifié."
            )
        )
