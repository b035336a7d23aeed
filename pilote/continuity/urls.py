from django.urls import path

from .views import plans

app_name = "continuity"

urlpatterns = [
    path("", plans.IndexView.as_view(), name="index"),
    path("plans/creer/", plans.PlanCreateView.as_view(), name="plan_add"),
    path("plans/<int:pk>/", plans.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/modifier/", plans.PlanUpdateView.as_view(), name="plan_edit"),
    path("plans/<int:pk>/etapes/", plans.PlanStepsView.as_view(), name="plan_steps"),
    path("plans/<int:pk>/valider/", plans.PlanValidateView.as_view(), name="plan_validate"),
    path(
        "plans/<int:plan>/preparation/",
        plans.PlanChecklistView.as_view(),
        name="plan_checklist",
    ),
    path(
        "plans/<int:plan>/scenarios/<int:pk>/modifier/",
        plans.ScenarioUpdateView.as_view(),
        name="scenario_edit",
    ),
    path("plans/<int:plan>/outils/ajouter/", plans.PlanToolCreateView.as_view(), name="tool_add"),
    path(
        "plans/<int:plan>/outils/<int:pk>/supprimer/",
        plans.PlanToolDeleteView.as_view(),
        name="tool_delete",
    ),
]
