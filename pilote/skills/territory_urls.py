from django.urls import path

from . import territory_views as views

app_name = "skills_territory"

urlpatterns = [path("", views.TerritoryOverviewView.as_view(), name="overview")]
