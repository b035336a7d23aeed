from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("", views.RequestListView.as_view(), name="request_list"),
    path("nouvelle/", views.RequestCreateView.as_view(), name="request_add"),
    path("<int:pk>/", views.RequestDetailView.as_view(), name="request_detail"),
    path(
        "<int:pk>/pieces/<int:attachment_pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
]
