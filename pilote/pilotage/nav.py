"""The module's tabs (``pilotage/_nav.html``), shown on the volet, the plan, the commission
and the bilan: which tabs a person sees is asked of :mod:`pilote.pilotage.perms`."""

from . import perms


class PilotageNavMixin:
    """A page showing the tabs: the « Bilan annuel » tab only for those who may open it."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_open_bilan"] = perms.may_open_bilan(self.request.user, self.capabilities)
        return context
