"""``pilote charger_catalogue``: load or update the national services catalogue."""

from django.core.management.base import BaseCommand

from pilote.catalogue.referential import load_national_catalogue


class Command(BaseCommand):
    help = "Charge ou met à jour le catalogue national des services (référentiel YAML)."

    def handle(self, *args, **options):
        result = load_national_catalogue()
        self.stdout.write(
            f"Catalogue national version {result.version} : {result.created} créé(s), "
            f"{result.updated} mis à jour, {result.withdrawn} retiré(s)."
        )
