"""What every page of « Continuité » shares: the module, and where « back to the list » goes."""

from pilote.core.choices import Domain

from ..models import ContinuityPlan


class ContinuityMixin:
    domain = Domain.CONTINUITE
    # The model has a list page of its own (exercises, trainings): « back » leads there.
    own_list = False

    def url_name(self, action: str) -> str:
        # The module's home is the list of everything it holds: « back » leads there.
        if action == "list" and not self.own_list:
            return "continuity:index"
        return super().url_name(action)


class PlanChildMixin(ContinuityMixin):
    """Pages under ``plans/<plan>/``: the plan is the school's, or the page does not exist."""

    @property
    def plan(self) -> ContinuityPlan:
        if not hasattr(self, "_plan"):
            self._plan = self.own_object(ContinuityPlan, pk=self.kwargs["plan"])
        return self._plan

    def get_success_url(self):
        return self.plan.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = self.plan
        context["list_url"] = self.plan.get_absolute_url()
        return context
