from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from pilote.core import auth, oidc, twofactor
from pilote.core.api import router
from pilote.core.modules import Part, discover, url_patterns

# The modules' API viewsets register on the router when their ``api`` module is imported.
discover(Part.API)

urlpatterns = [
    path("connexion/", auth.LoginView.as_view(), name="login"),
    path("deconnexion/", oidc.LogoutView.as_view(), name="logout"),
    path("connexion/academie/", oidc.start, name="oidc_authentication_init"),
    path("connexion/academie/retour/", oidc.callback, name="oidc_authentication_callback"),
    path("connexion/academie/refusee/", oidc.refused, name="oidc_refused"),
    path("connexion/code/", twofactor.VerifyView.as_view(), name="otp_verify"),
    path("connexion/second-facteur/", twofactor.SetupView.as_view(), name="otp_setup"),
    path(
        "connexion/codes-de-secours/",
        twofactor.RecoveryCodesView.as_view(),
        name="otp_recovery_codes",
    ),
    path("mot-de-passe/oublie/", auth.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/envoye/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/enregistre/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include(router.urls)),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("", include("pilote.core.urls")),
]

# Each module mounts its pages under the school, /etablissements/<uai>/<prefix>/…, and its
# territorial pages under /territoires/<kind>/<code>/<prefix>/… (``core.modules``).
urlpatterns += url_patterns()

handler403 = "pilote.core.errors.permission_denied"
handler404 = "pilote.core.errors.page_not_found"
handler500 = "pilote.core.errors.server_error"
