from django.urls import path

from .territory import TerritoryPilotageView

app_name = "pilotage_territory"

urlpatterns = [
    path("", TerritoryPilotageView.as_view(), name="index"),
]
