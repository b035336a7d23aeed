from django.urls import path

from pilote.core.generic import object_urls

from . import views

app_name = "missions"

urlpatterns = [
    path("", views.MatrixView.as_view(), name="index"),
    *object_urls("liste/", views, "Mission"),
    *object_urls("delegations/", views, "Delegation"),
    *object_urls("lettres/", views, "Letter"),
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
