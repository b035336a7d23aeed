from django.urls import path

from pilote.core.generic import object_urls

from . import views

app_name = "support"

urlpatterns = [
    *object_urls("", views, "Request", add="nouvelle/"),
    path(
        "<int:pk>/pieces/<int:attachment_pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
]
