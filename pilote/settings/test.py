"""Settings of the test suite (``DJANGO_SETTINGS_MODULE`` in ``pyproject.toml``).

Stricter than production where strictness finds bugs: a template that reads a variable that
does not exist raises instead of printing nothing. Faster where speed costs nothing: MD5
password hashing.
"""

from .base import *  # noqa: F403
from .base import INSECURE_SECRET_KEY, TEMPLATES

SECRET_KEY = INSECURE_SECRET_KEY

# Fast hashing keeps the suite quick; never used outside tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class UnknownTemplateVariable(str):
    """``string_if_invalid`` that fails the test instead of rendering an empty string.

    Django formats it with the variable's name when it contains ``%s``; raising there turns a
    typo in a template (or a context the view forgot) into a failing test.
    """

    def __mod__(self, name):
        from django.template import TemplateSyntaxError

        raise TemplateSyntaxError(f"Variable inconnue dans un gabarit : {name}")


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = UnknownTemplateVariable("%s")
