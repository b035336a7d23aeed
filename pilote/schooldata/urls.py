from django.urls import path

from . import views

app_name = "schooldata"

urlpatterns = [
    path("", views.QualityView.as_view(), name="index"),
    path("reglages/", views.SettingsView.as_view(), name="settings"),
    path("eleves/", views.PupilListView.as_view(), name="pupil_list"),
    path("divisions/", views.DivisionListView.as_view(), name="division_list"),
    path("divisions/<int:pk>/", views.DivisionDetailView.as_view(), name="division_detail"),
    path("personnels/", views.StaffListView.as_view(), name="staff_list"),
    path("circulation/", views.CirculationView.as_view(), name="circulation"),
    path("imports/", views.ImportHistoryView.as_view(), name="import_list"),
]
