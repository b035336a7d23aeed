from django.urls import path

from . import views

app_name = "skills"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("campagnes/", views.CampaignListView.as_view(), name="campaign_list"),
    path("campagnes/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("participations/", views.ParticipationListView.as_view(), name="participation_list"),
    path("maitrise/", views.MasteryView.as_view(), name="mastery"),
    path("relances/", views.ReminderView.as_view(), name="reminders"),
    path("certification/", views.CertificationView.as_view(), name="certification"),
    path("certification/eleves/", views.CandidateListView.as_view(), name="candidate_list"),
    path(
        "certification/resultats/",
        views.CertificationResultListView.as_view(),
        name="result_list",
    ),
    path("enseignants/", views.TeacherListView.as_view(), name="teacher_list"),
    path("enseignants/<int:pk>/pix-edu/", views.TeacherPixEduView.as_view(), name="teacher_edit"),
]
