from django.urls import path

from . import territory

# Included under ``pilotage/bilans/`` in the ``pilotage_territory`` namespace.
urlpatterns = [
    path("", territory.TerritoryBilansView.as_view(), name="bilans"),
    path("territoire/", territory.TerritoryBilanJobView.as_view(), name="bilan_territory"),
    path("<int:pk>/", territory.TerritoryBilanFileView.as_view(), name="bilan_file"),
]
