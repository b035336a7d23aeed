from django.urls import path

from . import territory_views as views

app_name = "dpd"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("registres/<str:uai>/", views.RegisterView.as_view(), name="register"),
    path("incidents/<int:pk>/", views.IncidentView.as_view(), name="incident"),
    path("journal/", views.JournalView.as_view(), name="journal"),
]
