from django.urls import path

from . import territory_views as views

app_name = "inventory_territory"

urlpatterns = [
    path("", views.TerritoryComplianceView.as_view(), name="compliance"),
    path("renouvellements/", views.TerritoryRenewalsView.as_view(), name="renewals"),
    path("flotte/", views.TerritoryFleetView.as_view(), name="fleet"),
    path("enquete/", views.TerritorySurveyView.as_view(), name="survey"),
    path("socle.csv", views.TerritoryComplianceCsvView.as_view(), name="compliance_csv"),
    path("socle/", views.AdaptationListView.as_view(), name="adaptations"),
    path("socle/ajouter/", views.AdaptationCreateView.as_view(), name="adaptation_add"),
    path("socle/<int:pk>/modifier/", views.AdaptationUpdateView.as_view(), name="adaptation_edit"),
    path(
        "socle/<int:pk>/supprimer/",
        views.AdaptationDeleteView.as_view(),
        name="adaptation_delete",
    ),
]
