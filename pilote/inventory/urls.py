from django.urls import path

from . import views

app_name = "inventory"

urlpatterns = [
    path("", views.ParcIndexView.as_view(), name="index"),
    path("equipements/", views.EquipmentListView.as_view(), name="equipment_list"),
    path("equipements/ajouter/", views.EquipmentCreateView.as_view(), name="equipment_add"),
    path("equipements/saisie-par-lot/", views.EquipmentBatchView.as_view(), name="equipment_batch"),
    path("equipements/actions/", views.EquipmentBulkView.as_view(), name="equipment_bulk"),
    path("equipements/<int:pk>/", views.EquipmentDetailView.as_view(), name="equipment_detail"),
    path(
        "equipements/<int:pk>/modifier/",
        views.EquipmentUpdateView.as_view(),
        name="equipment_edit",
    ),
    path(
        "equipements/<int:pk>/supprimer/",
        views.EquipmentDeleteView.as_view(),
        name="equipment_delete",
    ),
    path("salles/", views.RoomListView.as_view(), name="room_list"),
    path("salles/ajouter/", views.RoomCreateView.as_view(), name="room_add"),
    path("salles/<int:pk>/", views.RoomDetailView.as_view(), name="room_detail"),
    path("salles/<int:pk>/modifier/", views.RoomUpdateView.as_view(), name="room_edit"),
    path("salles/<int:pk>/supprimer/", views.RoomDeleteView.as_view(), name="room_delete"),
    path("etat/", views.StateView.as_view(), name="state"),
    path("socle/", views.ComplianceView.as_view(), name="compliance"),
    path("socle/export.csv", views.ComplianceCsvView.as_view(), name="compliance_csv"),
    path("socle/impression/", views.CompliancePrintView.as_view(), name="compliance_print"),
    path("modele-inventaire.<str:fmt>", views.ImportTemplateView.as_view(), name="import_template"),
]
