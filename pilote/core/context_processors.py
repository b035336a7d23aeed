"""What every page needs: the header's context switcher and the module navigation."""

from django.urls import reverse

from .choices import Level
from .models import Membership
from .modules import pilote_modules


def navigation(school, capabilities) -> list[dict]:
    """Module entries of the school (``PiloteModule.menu``), in order, for the modules the
    person may view."""
    return _entries(
        "menu",
        capabilities,
        {"uai": school.uai},
        lambda module: f"/etablissements/{school.uai}/{module.url_prefix}/",
    )


def territory_navigation(kind: str, organisation, capabilities) -> list[dict]:
    """Entries of the modules that have territorial pages (``PiloteModule.territory_menu``)."""
    return _entries(
        "territory_menu",
        capabilities,
        {"kind": kind, "code": organisation.code},
        lambda module: f"/territoires/{kind}/{organisation.code}/{module.url_prefix}/",
    )


def _entries(menu: str, capabilities, url_kwargs: dict, prefix) -> list[dict]:
    entries = []
    for module in pilote_modules():
        entry = getattr(module, menu)
        if entry is None or not capabilities.can(module.domain, Level.VIEW):
            continue
        entries.append(
            {
                "label": entry.label,
                "url": reverse(entry.url_name, kwargs=url_kwargs),
                "order": entry.order,
                "prefix": prefix(module),
            }
        )
    return sorted(entries, key=lambda entry: entry["order"])


def pilote(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    school = getattr(request, "school", None)
    capabilities = getattr(request, "capabilities", None)
    memberships = (
        Membership.objects.active()
        .filter(user=request.user)
        .select_related("school", "collectivite", "academie")
        .order_by("school__name", "collectivite__name", "academie__name")
    )
    territory = getattr(request, "territory", None)
    if school and capabilities:
        module_nav = navigation(school, capabilities)
    elif territory and capabilities:
        module_nav = territory_navigation(*territory, capabilities)
    else:
        module_nav = []
    return {
        "current_school": school,
        "current_territory": territory,
        "my_memberships": memberships,
        "module_nav": module_nav,
    }
