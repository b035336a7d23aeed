from django.urls import path

from . import territory_views as views

app_name = "catalogue_territory"

urlpatterns = [
    path("", views.TerritoryCatalogueView.as_view(), name="index"),
    path("ajouter/", views.TerritoryServiceCreateView.as_view(), name="service_add"),
    path("<int:pk>/", views.TerritoryServiceDetailView.as_view(), name="service_detail"),
    path("<int:pk>/modifier/", views.TerritoryServiceUpdateView.as_view(), name="service_edit"),
    path("validations/", views.TerritoryRequestsView.as_view(), name="requests"),
]
