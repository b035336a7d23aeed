"""Fields that the models of every module declare the same way, written once.

Each helper returns an ordinary Django field, built with exactly the arguments a model would
write by hand: its deconstruction is the same, so using a helper changes no migration.
"""

from django.conf import settings
from django.db import models


def optional_user(
    verbose_name: str | None = None, *, related_name: str = "+", blank: bool = True, **options
) -> models.ForeignKey:
    """The person who did something or answers for it, as a link that outlives the account.

    Deleting a user account must not delete what the person did (a request, a decision, an
    attachment): the link is emptied (``SET_NULL``, hence ``null``), the row stays. Most of
    these links are read from the row only, so there is no reverse accessor on the user unless
    ``related_name`` names one. ``blank=False`` where a form that shows the field requires it,
    or where only the code fills it in.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name=related_name,
        **options,
    )
