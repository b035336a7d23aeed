"""Who may do what in core's own pages beyond « role → capability » (core.permissions).

Where a person lands, who ends a role, who imports a file: named predicates, each tested on
its own (tests/core/test_perms.py). Core's views ask one of them and never compare a role
name themselves; a module's own rules live in that module's ``perms.py``.
"""

from .choices import Domain, Level, Role

# Roles whose home is their own things, not the school's management indicators.
PERSONAL_HOME_ROLES = frozenset({Role.ENSEIGNANT, Role.DOCUMENTALISTE})


def has_personal_home(capabilities) -> bool:
    """A teacher or documentalist (and nothing more in the school) lands on their own things:
    the school's indicators are not theirs to steer."""
    return bool(capabilities.roles) and capabilities.roles <= PERSONAL_HOME_ROLES


def lands_on_dpd_pages(membership) -> bool:
    """The académie's DPD sees only the RGPD pages (``pilote.dpd``): its home is there, not on
    the territory's dashboard, which it may not read."""
    return membership.role == Role.DPD


def may_manage_members(capabilities) -> bool:
    """Établissement « administrer » (the head) gives, changes and ends the school's roles."""
    return capabilities.can(Domain.ETABLISSEMENT, Level.MANAGE)


def may_end_membership(user, membership) -> bool:
    """Any role may end but the head's own: the school keeps a head (the members page and
    Sécurité's access review apply the same rule)."""
    return not (membership.user_id == user.pk and membership.role == Role.CHEF)


def may_import(capabilities, importer) -> bool:
    """An import writes its module's rows: it needs that module's « modifier », and « voir les
    élèves et les familles » when the file names pupils or guardians (need-to-know)."""
    if not capabilities.can(importer.domain, Level.EDIT):
        return False
    return capabilities.pupil_names or not importer.names_pupils
