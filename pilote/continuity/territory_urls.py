from django.urls import path

from .views import territory

app_name = "continuity_territory"

urlpatterns = [
    path("", territory.TerritoryContinuityView.as_view(), name="index"),
]
