from django.urls import path

from pilote.core.generic import object_urls

from .views import access, charter, incidents, measures, overview, reports

app_name = "security"

urlpatterns = [
    path("", overview.SecurityIndexView.as_view(), name="index"),
    *object_urls("incidents/", incidents, "Incident"),
    path(
        "incidents/<int:pk>/statut/",
        incidents.IncidentStatusView.as_view(),
        name="incident_status",
    ),
    path(
        "incidents/<int:pk>/chronologie/",
        incidents.IncidentEventCreateView.as_view(),
        name="incident_event_add",
    ),
    path(
        "incidents/<int:pk>/signaler/",
        incidents.IncidentReportView.as_view(),
        name="incident_report",
    ),
    path(
        "incidents/<int:pk>/rapport.pdf", incidents.IncidentPdfView.as_view(), name="incident_pdf"
    ),
    path(
        "incidents/<int:pk>/signalements/<int:report>.pdf",
        incidents.SentReportPdfView.as_view(),
        name="incident_sent_pdf",
    ),
    path("signaler/", reports.ProblemReportView.as_view(), name="problem_report"),
    path("signalements/", reports.ProblemReportListView.as_view(), name="problem_reports"),
    path(
        "signalements/<int:pk>/classer/",
        reports.ProblemReportDismissView.as_view(),
        name="problem_report_dismiss",
    ),
    path("mesures/", measures.MeasureChecklistView.as_view(), name="measures"),
    path("mesures/<int:pk>/", measures.MeasureEditView.as_view(), name="measure_edit"),
    path("acces/", access.AccessRightsView.as_view(), name="access"),
    path("acces/revue/", access.AccessReviewView.as_view(), name="access_review"),
    path("charte/", charter.CharterView.as_view(), name="charter_list"),
    *object_urls("charte/", charter, "Charter"),
    path(
        "charte/prendre-connaissance/",
        charter.CharterAcknowledgeView.as_view(),
        name="charter_acknowledge",
    ),
    path(
        "charte/<int:pk>/document/",
        charter.CharterDocumentView.as_view(),
        name="charter_document",
    ),
    path(
        "charte/<int:pk>/divisions/",
        charter.PupilAcknowledgementView.as_view(),
        name="charter_pupils",
    ),
]
