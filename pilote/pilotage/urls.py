from django.urls import include, path

from pilote.core.generic import object_urls

from . import views

app_name = "pilotage"

urlpatterns = [
    path("", views.PilotageIndexView.as_view(), name="index"),
    path("volets/ajouter/", views.VoletCreateView.as_view(), name="volet_add"),
    path("volets/<int:pk>/", views.VoletDetailView.as_view(), name="volet_detail"),
    path("volets/<int:pk>/modifier/", views.VoletUpdateView.as_view(), name="volet_edit"),
    path(
        "volets/<int:pk>/nouvelle-version/",
        views.VoletNewVersionView.as_view(),
        name="volet_new_version",
    ),
    path("volets/<int:pk>/pdf/", views.VoletPdfView.as_view(), name="volet_pdf"),
    path("volets/<int:pk>/axes/ajouter/", views.AxisCreateView.as_view(), name="axis_add"),
    path("axes/<int:pk>/modifier/", views.AxisUpdateView.as_view(), name="axis_edit"),
    path("axes/<int:pk>/supprimer/", views.AxisDeleteView.as_view(), name="axis_delete"),
    path(
        "axes/<int:pk>/objectifs/ajouter/",
        views.ObjectiveCreateView.as_view(),
        name="objective_add",
    ),
    path(
        "objectifs/<int:pk>/modifier/", views.ObjectiveUpdateView.as_view(), name="objective_edit"
    ),
    path(
        "objectifs/<int:pk>/supprimer/",
        views.ObjectiveDeleteView.as_view(),
        name="objective_delete",
    ),
    path("objectifs/<int:pk>/cibles/ajouter/", views.TargetCreateView.as_view(), name="target_add"),
    path("cibles/<int:pk>/modifier/", views.TargetUpdateView.as_view(), name="target_edit"),
    path("cibles/<int:pk>/supprimer/", views.TargetDeleteView.as_view(), name="target_delete"),
    *object_urls("actions/", views, "Action"),
    path("actions/mes-actions/", views.MyActionsView.as_view(), name="my_actions"),
    path("actions/<int:pk>/suivi/", views.ActionNoteView.as_view(), name="action_note"),
    path("bilan/", include("pilote.pilotage.bilan.urls")),
]

# The commission numérique (``commission/…``).
from .commission.urls import urlpatterns as commission_urlpatterns  # noqa: E402

urlpatterns += commission_urlpatterns
