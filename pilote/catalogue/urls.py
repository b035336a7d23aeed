from django.urls import path

from pilote.core.generic import object_urls

from . import views

app_name = "catalogue"

urlpatterns = [
    path("", views.SchoolServiceListView.as_view(), name="index"),
    *object_urls("", views, "SchoolService"),
    path("marge/", views.MarginView.as_view(), name="margin"),
    path("catalogue/", views.CatalogueView.as_view(), name="service_list"),
    path("catalogue/ajouter/", views.LocalServiceCreateView.as_view(), name="service_add"),
    path("catalogue/<int:pk>/", views.ServiceDetailView.as_view(), name="service_detail"),
    path(
        "catalogue/<int:pk>/modifier/", views.LocalServiceUpdateView.as_view(), name="service_edit"
    ),
    path("catalogue/<int:pk>/adopter/", views.AdoptView.as_view(), name="service_adopt"),
    *object_urls("validations/", views, "Request", add="nouvelle/"),
    path(
        "validations/<int:pk>/soumettre/", views.RequestSubmitView.as_view(), name="request_submit"
    ),
    path(
        "validations/<int:pk>/ne-pas-transmettre/",
        views.RequestDeclineView.as_view(),
        name="request_decline",
    ),
    path("validations/<int:pk>/avis/", views.OpinionView.as_view(), name="request_opinion"),
    path(
        "validations/<int:pk>/decision/", views.RequestDecideView.as_view(), name="request_decide"
    ),
    path("registre/", views.RegisterView.as_view(), name="registerentry_list"),
    path("registre/en-tete/", views.RegisterHeaderView.as_view(), name="register_header"),
    path("registre/generer/", views.RegisterGenerateView.as_view(), name="register_generate"),
    path("registre/registre.pdf", views.RegisterPdfView.as_view(), name="register_pdf"),
    path("registre/registre.csv", views.RegisterCsvView.as_view(), name="register_csv"),
    *object_urls("registre/fiches/", views, "RegisterEntry"),
]
