from django.urls import path

from . import territory_views as territory

app_name = "security_territory"

urlpatterns = [
    path("", territory.TerritoryIncidentListView.as_view(), name="incidents"),
    path("mesures/", territory.AcademieMeasuresView.as_view(), name="measures"),
    path("contacts/", territory.AcademieContactView.as_view(), name="contacts"),
]
