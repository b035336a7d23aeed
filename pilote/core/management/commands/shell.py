"""``pilote shell``: Django's shell, whose automatic imports leave out the historical models.

simple_history builds each ``Historical…`` model at run time: it lives at no import path, so
Django's shell listed all of them as « could not be automatically imported » every time it
started. They stay reachable as ``Model.history.model``.
"""

from django.core.management.commands import shell
from django.utils.module_loading import import_string


def importable(path: str) -> bool:
    try:
        import_string(path)
    except ImportError:
        return False
    return True


class Command(shell.Command):
    def get_auto_imports(self):
        paths = super().get_auto_imports()
        return None if paths is None else [path for path in paths if importable(path)]
