from django.urls import path

from . import territory_views

app_name = "support_territory"

urlpatterns = [
    path("", territory_views.TerritoryQueueView.as_view(), name="queue"),
    path(
        "etablissements/",
        territory_views.TerritoryAssistanceBySchoolView.as_view(),
        name="by_school",
    ),
]
