from django.urls import path

from . import territory_views as territory

app_name = "continuity_territory"

urlpatterns = [
    path("", territory.TerritoryContinuityView.as_view(), name="index"),
]
