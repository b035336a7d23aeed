from django.urls import path

from pilote.core.generic import object_urls

from .views import activations, exercises, plans, readiness

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
    path("plans/<int:pk>/plan.pdf", activations.PlanPdfView.as_view(), name="plan_pdf"),
    path(
        "plans/<int:pk>/familles.pdf",
        activations.PlanPdfView.as_view(families=True),
        name="plan_families_pdf",
    ),
    path("a-contacter/<str:code>/", readiness.PupilsToActView.as_view(), name="pupils_to_act"),
    path("equipement/", readiness.SurveyView.as_view(), name="survey"),
    *object_urls("formations/", readiness, "Training"),
    *object_urls("exercices/", exercises, "Exercise"),
    path("activer/", activations.ActivationCreateView.as_view(), name="activation_add"),
    path(
        "activations/<int:pk>/",
        activations.ActivationDetailView.as_view(),
        name="activation_detail",
    ),
    path(
        "activations/<int:pk>/actions/",
        activations.ActivationStepsView.as_view(),
        name="activation_steps",
    ),
    path(
        "activations/<int:pk>/clore/",
        activations.ActivationCloseView.as_view(),
        name="activation_close",
    ),
    path(
        "activations/<int:pk>/message.pdf",
        activations.ActivationPdfView.as_view(),
        name="activation_pdf",
    ),
]
