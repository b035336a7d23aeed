"""Fields that the models of every module declare the same way, written once.

Each helper returns an ordinary Django field, built with exactly the arguments a model would
write by hand: its deconstruction is the same, so using a helper changes no migration.
"""

from django.conf import settings
from django.db import models


def optional_link(
    to, verbose_name: str | None = None, *, related_name: str, blank: bool = True, **options
) -> models.ForeignKey:
    """A link to another row that may be missing, and that outlives that row.

    Deleting the row it points at (a device, a pupil who left, a service withdrawn) must not
    delete this one: the link is emptied (``SET_NULL``, hence ``null``), the row stays with
    what it says. ``blank=False`` where a form that shows the field requires it, or where only
    the code fills it in.
    """
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name=related_name,
        **options,
    )


def optional_user(
    verbose_name: str | None = None, *, related_name: str = "+", **options
) -> models.ForeignKey:
    """The person who did something or answers for it (:func:`optional_link` to a user).

    Deleting an account must not delete what the person did (a request, a decision, an
    attachment). Most of these links are read from the row only, so there is no reverse
    accessor on the user unless ``related_name`` names one.
    """
    return optional_link(
        settings.AUTH_USER_MODEL, verbose_name, related_name=related_name, **options
    )
