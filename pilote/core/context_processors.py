"""What every page needs: the header's context switcher and the module navigation."""

from django.apps import apps
from django.urls import reverse

from .choices import Level
from .models import Membership


def navigation(school, capabilities) -> list[dict]:
    """Module entries of the school, in order, for the modules the person may view."""
    entries = []
    for config in apps.get_app_configs():
        nav = getattr(config, "nav", None)
        if nav is None or not capabilities.can(nav["domain"], Level.VIEW):
            continue
        entries.append(
            {
                "label": nav["label"],
                "url": reverse(nav["url_name"], kwargs={"uai": school.uai}),
                "order": nav.get("order", 50),
                "prefix": f"/etablissements/{school.uai}/{config.url_prefix}/",
            }
        )
    return sorted(entries, key=lambda entry: entry["order"])


def territory_navigation(kind: str, organisation, capabilities) -> list[dict]:
    """Entries of the modules that have territorial pages (``territory_nav`` in their config)."""
    entries = []
    for config in apps.get_app_configs():
        nav = getattr(config, "territory_nav", None)
        if nav is None or not capabilities.can(nav["domain"], Level.VIEW):
            continue
        entries.append(
            {
                "label": nav["label"],
                "url": reverse(nav["url_name"], kwargs={"kind": kind, "code": organisation.code}),
                "order": nav.get("order", 50),
                "prefix": f"/territoires/{kind}/{organisation.code}/{config.url_prefix}/",
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
