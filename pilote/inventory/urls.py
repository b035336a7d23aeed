from django.urls import path

from pilote.core.generic import object_urls

from . import views

app_name = "inventory"

urlpatterns = [
    path("", views.ParcIndexView.as_view(), name="index"),
    *object_urls("equipements/", views, "Equipment"),
    path("equipements/saisie-par-lot/", views.EquipmentBatchView.as_view(), name="equipment_batch"),
    path("equipements/actions/", views.EquipmentBulkView.as_view(), name="equipment_bulk"),
    *object_urls("salles/", views, "Room"),
    path("etat/", views.StateView.as_view(), name="state"),
    path("socle/", views.ComplianceView.as_view(), name="compliance"),
    path("socle/export.csv", views.ComplianceCsvView.as_view(), name="compliance_csv"),
    path("socle/impression/", views.CompliancePrintView.as_view(), name="compliance_print"),
    path("modele-inventaire.<str:fmt>", views.ImportTemplateView.as_view(), name="import_template"),
]
