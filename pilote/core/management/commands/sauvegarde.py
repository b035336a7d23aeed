"""``pilote sauvegarde FICHIER``: the whole instance (database + uploaded files) in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pilote.core.backup import BackupRefused, create_backup


class Command(BaseCommand):
    help = (
        "Sauvegarde toute l'instance (base de données et fichiers déposés) dans une archive "
        "avec son manifeste (version, nombre de lignes par table, empreintes des fichiers)."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="Archive à écrire (pilote-2026-12-06.tar.gz)")

    def handle(self, *args, fichier, **options):
        try:
            manifest = create_backup(Path(fichier))
        except BackupRefused as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite dans {fichier} : Pilote {manifest['version']}, "
                f"{len(manifest['tables'])} tables ({rows} lignes), "
                f"{len(manifest['files'])} fichier(s) déposé(s)."
            )
        )
