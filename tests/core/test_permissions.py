"""Tenancy: every URL of a school refuses outsiders, whatever module it belongs to.

The walk reads Django's URL resolver, so every page a later module adds under
``/etablissements/<uai>/`` is covered without writing a new test.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from pilote.core.choices import Domain, Level, Role
from pilote.core.permissions import ROLE_CAPABILITIES, Capabilities, capabilities_for

SCHOOL_PREFIX = "etablissements/<str:uai>/"
TERRITORY_PREFIX = "territoires/<str:kind>/<str:code>/"


def walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def fill(route: str, **values) -> str:
    """Turn a route into a URL: ``<int:x>`` → 1, ``<str:x>`` → the given value or ``x``."""
    import re

    def replace(match):
        converter, name = match.group(1), match.group(2)
        if name in values:
            return str(values[name])
        return "1" if converter == "int" else "x"

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", replace, route).replace("^", "").rstrip("$")


def routes_under(prefix: str) -> list[str]:
    return sorted({r for r in walk(get_resolver().url_patterns) if r.startswith(prefix)})


def test_the_walk_finds_the_foundation_pages():
    routes = routes_under(SCHOOL_PREFIX)
    assert SCHOOL_PREFIX in routes
    assert SCHOOL_PREFIX + "membres/" in routes


@pytest.mark.parametrize("route", routes_under(SCHOOL_PREFIX))
def test_member_of_another_school_is_refused(client, world, route):
    client.force_login(world["chef.college"])
    url = fill(route, uai=world.lycee.uai)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in (403, 404), f"{method.upper()} {url}"


@pytest.mark.parametrize("route", routes_under(SCHOOL_PREFIX))
def test_collectivite_of_another_school_is_refused(client, world, route):
    client.force_login(world["gest.departement"])  # the collège's département, not the lycée's
    url = fill(route, uai=world.lycee.uai)
    for method in ("get", "post"):
        assert getattr(client, method)(url).status_code in (403, 404), f"{method.upper()} {url}"


@pytest.mark.parametrize("route", routes_under(SCHOOL_PREFIX))
def test_anonymous_visitor_is_sent_to_login(client, world, route):
    url = fill(route, uai=world.college.uai)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")


@pytest.mark.parametrize("route", routes_under(SCHOOL_PREFIX))
def test_head_opens_every_page_without_error(client, world, route):
    """Pages without an object id answer the head (200, or a redirect for actions)."""
    if route.count("<") > 1:
        pytest.skip("page d'un objet : test_generic_views.py (vues génériques) ou son module")
    client.force_login(world["chef.college"])
    url = fill(route, uai=world.college.uai)
    response = client.get(url)
    assert response.status_code in (200, 302, 405), f"GET {url} → {response.status_code}"


@pytest.mark.parametrize("route", routes_under(TERRITORY_PREFIX))
def test_territory_pages_refuse_other_territories(client, world, route):
    client.force_login(world["gest.departement"])
    for kind, code in (("region", "52"), ("academie", "17")):
        url = fill(route, kind=kind, code=code)
        assert client.get(url).status_code in (403, 404), url


def test_drane_sees_both_schools_read_only(client, world):
    client.force_login(world["drane"])
    for school in (world.college, world.lycee):
        assert client.get(f"/etablissements/{school.uai}/").status_code == 200
        response = client.post(
            f"/etablissements/{school.uai}/membres/ajouter/",
            {"email": "x@example.fr", "first_name": "X", "last_name": "Y", "role": "enseignant"},
        )
        assert response.status_code == 403
        caps = capabilities_for(world["drane"], school)
        assert caps.can(Domain.PARC, Level.VIEW)
        assert not caps.can(Domain.PARC, Level.EDIT)
        assert not caps.can(Domain.PERSONNES, Level.VIEW)


def test_collectivite_reaches_only_its_own_schools(world):
    tech = world["tech.departement"]
    assert capabilities_for(tech, world.college).can(Domain.PARC, Level.EDIT)
    assert not capabilities_for(tech, world.lycee).any


def test_ended_membership_gives_nothing(world):
    membership = world["prof.college"].memberships.get()
    membership.end_date = membership.start_date
    membership.save()
    assert not capabilities_for(world["prof.college"], world.college).any


def test_several_memberships_merge_to_the_highest_level():
    caps = Capabilities.from_roles([Role.ENSEIGNANT, Role.RRUPN])
    assert caps.can(Domain.PARC, Level.EDIT)
    assert caps.parc.edit and not caps.parc.manage


def test_every_role_maps_every_domain():
    for role in Role:
        assert set(ROLE_CAPABILITIES[role]) == {d.value for d in Domain}, role


def test_head_manages_everything_teacher_cannot_manage_members(world):
    assert capabilities_for(world["chef.college"], world.college).can(
        Domain.ETABLISSEMENT, Level.MANAGE
    )
    assert not capabilities_for(world["prof.college"], world.college).can(
        Domain.ETABLISSEMENT, Level.VIEW
    )
