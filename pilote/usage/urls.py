from django.urls import path

from . import views

app_name = "usage"

urlpatterns = [
    path("", views.AudienceView.as_view(), name="audience"),
    path("accompagnement/", views.CaseListView.as_view(), name="case_list"),
    path("accompagnement/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("accompagnement/actualiser/", views.CaseSyncView.as_view(), name="case_sync"),
    path("reglages/", views.SettingsView.as_view(), name="settings"),
    path("colonnes-educonnect/", views.PresetView.as_view(), name="presets"),
    path(
        "colonnes-educonnect/<int:pk>/supprimer/",
        views.PresetDeleteView.as_view(),
        name="preset_delete",
    ),
]
