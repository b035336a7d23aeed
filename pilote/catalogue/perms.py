"""Who may do what in the catalogue beyond « role → capability » (core.permissions).

Named predicates, each tested on its own (tests/catalogue/test_perms.py): a view or a template
asks one of them and never compares a role name itself.
"""

from pilote.core.choices import Domain, Level, Role
from pilote.core.permissions import Capabilities

# Who keeps a territory's catalogue: the académie's (DRANE, RSSI) and the collectivité's
# (its manager and technician); the administrator reaches both.
ACADEMIE_CATALOGUE_ROLES = frozenset({Role.DRANE, Role.RSSI, Role.ADMINISTRATEUR})
COLLECTIVITE_CATALOGUE_ROLES = frozenset(
    {Role.GESTIONNAIRE_COLLECTIVITE, Role.TECHNICIEN_COLLECTIVITE, Role.ADMINISTRATEUR}
)


def may_ask(capabilities: Capabilities) -> bool:
    """Only members of the school ask (not the académie or the collectivité on its behalf)."""
    return capabilities.in_school and capabilities.can(Domain.SERVICES)


def may_steer(capabilities: Capabilities) -> bool:
    """The head (services « administrer ») submits and decides: the head is the controller."""
    return capabilities.can(Domain.SERVICES, Level.MANAGE)


def reaches_academie_catalogue(capabilities: Capabilities) -> bool:
    """A role at the académie that keeps its catalogue: the school's page links to it."""
    return bool(capabilities.roles & ACADEMIE_CATALOGUE_ROLES)


def reaches_collectivite_catalogue(capabilities: Capabilities) -> bool:
    """A role at the collectivité that keeps its catalogue: the school's page links to it."""
    return bool(capabilities.roles & COLLECTIVITE_CATALOGUE_ROLES)
