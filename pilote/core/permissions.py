"""Roles are capabilities: the one place that says what each role may do in each module.

Views and templates ask ``capabilities.can(Domain.PARC, Level.EDIT)`` (in templates
``caps.parc.edit``), never a role name. A collectivité or académie membership reaches every
school under it with the capabilities of its role; where a person holds several memberships
reaching the same school, the highest level wins for each module.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from .choices import Domain, Level, OrganisationKind, Role

D, L = Domain, Level

_EVERY_DOMAIN = list(Domain)


# Domains no default reaches: a role holds them only when it names them.
_ONLY_NAMED = {D.RGPD}


def _levels(default: Level = L.NONE, **overrides: Level) -> dict[str, Level]:
    levels = {
        domain.value: L.NONE if domain in _ONLY_NAMED else default for domain in _EVERY_DOMAIN
    }
    for key, level in overrides.items():
        levels[Domain(key).value] = level
    return levels


# « Voir les élèves et les familles » : the one capability every page, export, PDF and API
# endpoint naming a pupil or a guardian (or showing their contacts) checks, in every module.
# Only school roles whose mission needs it hold it; territory roles see counts, never names.
PUPIL_NAMES = (D.PERSONNES, L.VIEW)
PUPIL_NAMES_REFUSED = "Votre rôle ne donne pas accès aux noms des élèves et des familles."

ROLE_CAPABILITIES: dict[str, dict[str, Level]] = {
    # The head answers for everything in the school, including who may do what.
    Role.CHEF: _levels(L.MANAGE),
    Role.ADJOINT: _levels(L.EDIT, etablissement=L.VIEW, journal=L.VIEW),
    Role.SECRETAIRE_GENERAL: _levels(
        L.VIEW,
        parc=L.EDIT,
        services=L.EDIT,
        donnees=L.EDIT,
        personnes=L.EDIT,
        reservations=L.EDIT,
        missions=L.EDIT,
        assistance=L.EDIT,
        securite=L.EDIT,
        journal=L.NONE,
    ),
    Role.RRUPN: _levels(
        L.VIEW,
        parc=L.EDIT,
        services=L.EDIT,
        usages=L.EDIT,
        reservations=L.EDIT,
        competences=L.EDIT,
        assistance=L.EDIT,
        continuite=L.EDIT,
        commission=L.EDIT,
        projet=L.EDIT,
        personnes=L.NONE,
        journal=L.NONE,
    ),
    Role.DDFPT: _levels(
        L.VIEW,
        parc=L.EDIT,
        reservations=L.EDIT,
        assistance=L.EDIT,
        personnes=L.NONE,
        journal=L.NONE,
        donnees=L.NONE,
        usages=L.NONE,
    ),
    Role.CPE: _levels(
        L.VIEW,
        usages=L.EDIT,
        personnes=L.VIEW,
        reservations=L.EDIT,
        assistance=L.EDIT,
        journal=L.NONE,
        etablissement=L.NONE,
    ),
    Role.ENSEIGNANT: _levels(
        pilotage=L.VIEW,
        projet=L.VIEW,
        parc=L.VIEW,
        services=L.VIEW,
        reservations=L.EDIT,
        assistance=L.EDIT,
        competences=L.VIEW,
        missions=L.VIEW,
        continuite=L.VIEW,
    ),
    Role.DOCUMENTALISTE: _levels(
        pilotage=L.VIEW,
        projet=L.VIEW,
        parc=L.VIEW,
        services=L.EDIT,
        reservations=L.EDIT,
        assistance=L.EDIT,
        competences=L.VIEW,
        missions=L.VIEW,
        continuite=L.VIEW,
    ),
    # Collectivité: owns the equipment and runs the service centre; reads the rest.
    Role.TECHNICIEN_COLLECTIVITE: _levels(
        L.VIEW,
        parc=L.EDIT,
        assistance=L.MANAGE,
        personnes=L.NONE,
        journal=L.NONE,
        donnees=L.NONE,
        usages=L.NONE,
        etablissement=L.NONE,
    ),
    Role.GESTIONNAIRE_COLLECTIVITE: _levels(
        L.VIEW,
        parc=L.MANAGE,
        services=L.EDIT,
        assistance=L.MANAGE,
        personnes=L.NONE,
        journal=L.NONE,
        donnees=L.NONE,
        usages=L.NONE,
        etablissement=L.NONE,
    ),
    # Académie: reads every school of the académie; each service acts in its own field.
    Role.DRANE: _levels(
        L.VIEW,
        services=L.EDIT,
        competences=L.VIEW,
        personnes=L.NONE,
        journal=L.NONE,
        etablissement=L.NONE,
    ),
    Role.RSSI: _levels(
        L.VIEW,
        securite=L.MANAGE,
        services=L.EDIT,
        journal=L.VIEW,
        personnes=L.NONE,
        etablissement=L.NONE,
    ),
    Role.ASSISTANCE_ACADEMIQUE: _levels(
        L.VIEW,
        assistance=L.MANAGE,
        personnes=L.NONE,
        journal=L.NONE,
        etablissement=L.NONE,
    ),
    # The académie's DPD reads the RGPD registers, the incidents with personal data and the
    # journal of personal-data exports (pages of ``pilote.dpd``), and nothing else.
    Role.DPD: _levels(L.NONE, rgpd=L.VIEW),
    # Manages the territory's instance; reads, never writes, a school's projet numérique; never
    # sees pupils and families by name (need-to-know: territory roles see counts).
    Role.ADMINISTRATEUR: _levels(L.MANAGE, projet=L.VIEW, personnes=L.NONE),
}

ROLES_BY_KIND: dict[str, list[str]] = {
    OrganisationKind.SCHOOL: [
        Role.CHEF,
        Role.ADJOINT,
        Role.SECRETAIRE_GENERAL,
        Role.RRUPN,
        Role.DDFPT,
        Role.CPE,
        Role.ENSEIGNANT,
        Role.DOCUMENTALISTE,
    ],
    OrganisationKind.COLLECTIVITE: [
        Role.TECHNICIEN_COLLECTIVITE,
        Role.GESTIONNAIRE_COLLECTIVITE,
        Role.ADMINISTRATEUR,
    ],
    OrganisationKind.ACADEMIE: [
        Role.DRANE,
        Role.RSSI,
        Role.ASSISTANCE_ACADEMIQUE,
        Role.DPD,
        Role.ADMINISTRATEUR,
    ],
}


def roles_for_kind(kind: str) -> list[str]:
    return ROLES_BY_KIND[kind]


class _DomainLevels:
    """Template helper: ``caps.parc.edit`` reads as 'may edit Parc'."""

    def __init__(self, level: Level):
        self.level = level

    @property
    def view(self) -> bool:
        return self.level >= L.VIEW

    @property
    def edit(self) -> bool:
        return self.level >= L.EDIT

    @property
    def manage(self) -> bool:
        return self.level >= L.MANAGE


@dataclass
class Capabilities:
    """What one person may do in one school, merged over the memberships reaching it."""

    levels: dict[str, Level] = field(default_factory=dict)
    roles: frozenset[str] = frozenset()

    @classmethod
    def from_roles(cls, roles: Iterable[str]) -> "Capabilities":
        roles = frozenset(roles)
        levels = {domain.value: L.NONE for domain in _EVERY_DOMAIN}
        for role in roles:
            for domain, level in ROLE_CAPABILITIES[role].items():
                levels[domain] = max(levels[domain], level)
        return cls(levels=levels, roles=roles)

    @classmethod
    def everything(cls) -> "Capabilities":
        return cls(levels={domain.value: L.MANAGE for domain in _EVERY_DOMAIN})

    def level(self, domain: str) -> Level:
        return self.levels.get(Domain(domain).value, L.NONE)

    def can(self, domain: str, level: Level = L.VIEW) -> bool:
        return self.level(domain) >= level

    @property
    def pupil_names(self) -> bool:
        """May see pupils and guardians by name (need-to-know)."""
        return self.can(*PUPIL_NAMES)

    @property
    def in_school(self) -> bool:
        """Holds a role of the school itself, not only one of its collectivité or académie."""
        return bool(self.roles & set(ROLES_BY_KIND[OrganisationKind.SCHOOL]))

    @property
    def any(self) -> bool:
        return any(level > L.NONE for level in self.levels.values())

    def __getattr__(self, name: str) -> _DomainLevels:
        if name in Domain.values:
            return _DomainLevels(self.levels.get(name, L.NONE))
        raise AttributeError(name)


def capabilities_for(user, school) -> Capabilities:
    """Capabilities of ``user`` in ``school``: one query over the memberships reaching it."""
    from .models import Membership

    if not user.is_authenticated:
        return Capabilities()
    if user.is_superuser:
        return Capabilities.everything()
    roles = (
        Membership.objects.active()
        .reaching(school)
        .filter(user=user)
        .values_list("role", flat=True)
    )
    return Capabilities.from_roles(roles)


def territory_capabilities(user, organisation) -> Capabilities:
    """Capabilities of ``user`` on a collectivité or académie as a whole (territorial views)."""
    from .models import Academie, Membership

    if not user.is_authenticated:
        return Capabilities()
    if user.is_superuser:
        return Capabilities.everything()
    memberships = Membership.objects.active().filter(user=user)
    if isinstance(organisation, Academie):
        memberships = memberships.filter(academie=organisation)
    else:
        memberships = memberships.filter(collectivite=organisation)
    return Capabilities.from_roles(memberships.values_list("role", flat=True))


def schools_with_capability(user, domain: str, level: Level = L.VIEW):
    """Schools where ``user`` holds at least ``level`` in ``domain`` (for the API's lists)."""
    from django.db.models import Q

    from .models import Membership, School

    if not user.is_authenticated:
        return School.objects.none()
    if user.is_superuser:
        return School.objects.all()
    roles = [role for role, levels in ROLE_CAPABILITIES.items() if levels[Domain(domain)] >= level]
    memberships = Membership.objects.active().filter(user=user, role__in=roles)
    return School.objects.filter(
        Q(pk__in=memberships.values("school"))
        | Q(collectivite__in=memberships.values("collectivite"))
        | Q(academie__in=memberships.values("academie"))
    )
