from django.urls import path

from . import views

# Included under ``pilotage/bilan/`` in the ``pilotage`` namespace.
urlpatterns = [
    path("", views.BilanIndexView.as_view(), name="bilan"),
    path("document/", views.BilanDocumentView.as_view(), name="bilan_document"),
    path("partager/", views.BilanShareView.as_view(), name="bilan_share"),
    path("partages/<int:pk>/retirer/", views.BilanUnshareView.as_view(), name="bilan_unshare"),
]
