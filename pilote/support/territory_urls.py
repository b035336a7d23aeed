from django.urls import path

from . import views

app_name = "support_territory"

urlpatterns = [
    path("", views.TerritoryQueueView.as_view(), name="queue"),
]
