from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from accounts import views as accounts_views
from core import views as core_views

admin.site.site_header = _("PAPI Portal administration")
admin.site.site_title = _("PAPI Portal")
admin.site.index_title = _("Data management")

# Django's sign-in, sign-out, password change and reset; three of them adjusted
# (same paths and names as django.contrib.auth.urls, which serves the rest).
accounts_patterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", core_views.SignOutView.as_view(), name="logout"),
    path("password_reset/", core_views.PasswordResetView.as_view(), name="password_reset"),
    # These two record a security event (accounts/views.py).
    path("password_change/", accounts_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "reset/<uidb64>/<token>/",
        accounts_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("", include("accounts.urls")),
    path("", include("django.contrib.auth.urls")),
]

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page names; the file is a static one.
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.ico"), permanent=True), name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include(accounts_patterns)),
    path("admin/", admin.site.urls),
    path("tasks/", include("people.urls")),  # the clerk's people screens, under /tasks/ as before
    path("tasks/", include("tasks.urls")),
    path("tasks/", include("notifications.urls")),  # the bell, under /tasks/ as before
    path("tasks/", include("reminders.urls")),  # reminder pages, under /tasks/ as before
    path("reports/", include("reports.urls")),
    path("", include("importing.urls")),  # /tasks/plan/upload/ and /reports/appendix/, as before
    path("dashboard/", core_views.dashboard, name="dashboard"),
    path("", core_views.home, name="home"),
]
