from django.urls import path

from . import views

app_name = "missions"

urlpatterns = [
    path("", views.MatrixView.as_view(), name="index"),
    path("liste/", views.MissionListView.as_view(), name="mission_list"),
    path("liste/ajouter/", views.MissionCreateView.as_view(), name="mission_add"),
    path("liste/<int:pk>/", views.MissionDetailView.as_view(), name="mission_detail"),
    path("liste/<int:pk>/modifier/", views.MissionUpdateView.as_view(), name="mission_edit"),
    path("liste/<int:pk>/supprimer/", views.MissionDeleteView.as_view(), name="mission_delete"),
    path("delegations/", views.DelegationListView.as_view(), name="delegation_list"),
    path("delegations/ajouter/", views.DelegationCreateView.as_view(), name="delegation_add"),
    path("delegations/<int:pk>/", views.DelegationDetailView.as_view(), name="delegation_detail"),
    path(
        "delegations/<int:pk>/modifier/",
        views.DelegationUpdateView.as_view(),
        name="delegation_edit",
    ),
    path(
        "delegations/<int:pk>/supprimer/",
        views.DelegationDeleteView.as_view(),
        name="delegation_delete",
    ),
    path("lettres/", views.LetterListView.as_view(), name="letter_list"),
    path("lettres/ajouter/", views.LetterCreateView.as_view(), name="letter_add"),
    path("lettres/<int:pk>/", views.LetterDetailView.as_view(), name="letter_detail"),
    path("lettres/<int:pk>/modifier/", views.LetterUpdateView.as_view(), name="letter_edit"),
    path("lettres/<int:pk>/supprimer/", views.LetterDeleteView.as_view(), name="letter_delete"),
    path(
        "lettres/<int:pk>/lettre.docx",
        views.LetterDocumentView.as_view(),
        {"format": "docx"},
        name="letter_docx",
    ),
    path(
        "lettres/<int:pk>/lettre.pdf",
        views.LetterDocumentView.as_view(),
        {"format": "pdf"},
        name="letter_pdf",
    ),
    path(
        "lettres/<int:pk>/signee/",
        views.SignedLetterUploadView.as_view(),
        name="letter_signed_upload",
    ),
    path(
        "lettres/<int:pk>/signee/<int:signed_pk>/",
        views.SignedLetterDownloadView.as_view(),
        name="letter_signed_download",
    ),
]
