"""Exercises of the plan: what was played, what worked, what did not, what to correct."""

from pilote.core.generic import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)

from ..actions import create_action_function, measures_as_actions
from ..forms import ExerciseForm
from ..models import Exercise
from ..tables import ExerciseTable
from .common import ContinuityMixin


class ExerciseMixin(ContinuityMixin):
    model = Exercise
    url_prefix = "exercise"
    own_list = True


class ExerciseListView(ExerciseMixin, ObjectListView):
    table_class = ExerciseTable
    filterset_class = None
    title = "Exercices du plan de continuité"


class ExerciseDetailView(ExerciseMixin, ObjectDetailView):
    template_name = "continuity/exercise_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions_available"] = create_action_function() is not None
        return context


class ExerciseCreateView(ExerciseMixin, ObjectCreateView):
    create_title = "Nouvel exercice de continuité"
    create_submit = "Enregistrer l'exercice"
    form_class = ExerciseForm

    def form_valid(self, form):
        response = super().form_valid(form)
        measures_as_actions(self.object, self.request.user, request=self.request)
        return response


class ExerciseUpdateView(ExerciseMixin, ObjectUpdateView):
    form_class = ExerciseForm
