"""``pilote export-etablissement UAI FICHIER``: one school's data (JSON + files) in a zip."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pilote.core.models import School
from pilote.core.reversibility import export_school


class Command(BaseCommand):
    help = (
        "Exporte les données d'un établissement (JSON et fichiers déposés) dans un zip, "
        "pour qu'il les reprenne sans Pilote (réversibilité)."
    )

    def add_arguments(self, parser):
        parser.add_argument("uai", help="UAI de l'établissement, par exemple 0449901Y")
        parser.add_argument("fichier", help="Zip à écrire")

    def handle(self, *args, uai, fichier, **options):
        uai = uai.strip().upper()
        if not School.objects.filter(uai=uai).exists():
            raise CommandError(f"Aucun établissement d'UAI {uai} dans cette instance.")
        summary = export_school(uai, Path(fichier))
        self.stdout.write(
            self.style.SUCCESS(
                f"Données de l'établissement {uai} écrites dans {fichier} : "
                f"{sum(summary['rows'].values())} lignes de {len(summary['rows'])} modèles, "
                f"{len(summary['files'])} fichier(s)."
            )
        )
