"""Fields that the models of every module declare the same way, written once.

Each helper returns an ordinary Django field, built with exactly the arguments a model would
write by hand: its deconstruction is the same, so using a helper changes no migration.
"""

from django.conf import settings
from django.db import models


def optional_link(
    to,
    verbose_name: str | None = None,
    *,
    related_name: str,
    on_delete=models.SET_NULL,
    one_to_one: bool = False,
    blank: bool = True,
    **options,
) -> models.ForeignKey:
    """A link to another row that may be missing (``null``; ``blank`` unless said otherwise).

    By default the link outlives the row it points at: deleting a device, a pupil who left or
    a withdrawn service must not delete what refers to it, so the link is emptied
    (``SET_NULL``) and the row stays with what it says. A row that belongs to one of several
    possible owners (a service to an académie, a collectivité or a school) goes with its owner
    (``on_delete=models.CASCADE``); a trace that must keep its author says ``PROTECT``.
    ``one_to_one`` for a link that at most one row makes (the service a request created).
    ``blank=False`` where a form that shows the field requires it, or where only the code fills
    it in.
    """
    field = models.OneToOneField if one_to_one else models.ForeignKey
    return field(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=blank,
        on_delete=on_delete,
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
