from django.urls import include, path

from .territory_views import TerritoryPilotageView

app_name = "pilotage_territory"

urlpatterns = [
    path("", TerritoryPilotageView.as_view(), name="index"),
    path("bilans/", include("pilote.pilotage.bilan.territory_urls")),
]
