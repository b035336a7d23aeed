from django.urls import path

from . import account, auth, territory_targets, territory_views, views

app_name = "core"

school = "etablissements/<str:uai>/"
territory = "territoires/<str:kind>/<str:code>/"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("sante/", views.HealthView.as_view(), name="health"),
    path("accessibilite/", views.AccessibilityView.as_view(), name="accessibility"),
    path("sans-etablissement/", views.NoOrganisationView.as_view(), name="no_organisation"),
    path("mon-compte/", account.AccountView.as_view(), name="account"),
    path("mon-compte/sessions/", account.EndOtherSessionsView.as_view(), name="end_sessions"),
    path("mon-compte/mes-donnees.json", account.OwnDataView.as_view(), name="own_data"),
    path("mon-compte/mot-de-passe/", auth.PasswordChangeView.as_view(), name="password_change"),
    path(school, views.CockpitView.as_view(), name="cockpit"),
    path(school + "indicateurs/", views.IndicatorListView.as_view(), name="indicators"),
    path(
        school + "indicateurs/<str:code>/",
        views.IndicatorDetailView.as_view(),
        name="indicator_detail",
    ),
    path(school + "membres/", views.MemberListView.as_view(), name="members"),
    path(school + "membres/ajouter/", views.MemberAddView.as_view(), name="member_add"),
    path(school + "membres/<int:pk>/role/", views.MemberRoleView.as_view(), name="member_role"),
    path(school + "membres/<int:pk>/fin/", views.MemberEndView.as_view(), name="member_end"),
    path(school + "journal/", views.JournalView.as_view(), name="journal"),
    path(school + "courriels/", views.OutboxView.as_view(), name="outbox"),
    path(
        school + "courriels/<int:pk>/renvoyer/",
        views.OutboxResendView.as_view(),
        name="outbox_resend",
    ),
    path("travaux/<uuid:pk>/", views.JobView.as_view(), name="job"),
    path("travaux/<uuid:pk>/fichier/", views.JobResultView.as_view(), name="job_result"),
    path(school + "imports/", views.ImportListView.as_view(), name="imports"),
    path(school + "imports/<int:pk>/", views.ImportPreviewView.as_view(), name="import_preview"),
    path(
        school + "imports/<int:pk>/annuler/",
        views.ImportRevertView.as_view(),
        name="import_revert",
    ),
    path(
        school + "imports/nouveau/<str:kind>/",
        views.ImportUploadView.as_view(),
        name="import_upload",
    ),
    path("territoires/", views.TerritoryListView.as_view(), name="territories"),
    path(territory, territory_views.TerritoryHomeView.as_view(), name="territory"),
    path(
        territory + "etablissements/",
        territory_views.TerritorySchoolsView.as_view(),
        name="territory_schools",
    ),
    path(
        territory + "etablissements/export/",
        territory_views.TerritoryExportView.as_view(),
        name="territory_export",
    ),
    path(
        territory + "objectifs/",
        territory_targets.TerritoryTargetsView.as_view(),
        name="territory_targets",
    ),
    path(
        territory + "mesurer/",
        territory_views.TerritoryRefreshView.as_view(),
        name="territory_refresh",
    ),
    path(territory + "journal/", views.TerritoryJournalView.as_view(), name="territory_journal"),
]
