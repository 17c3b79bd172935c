from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from plans.models import Role

from . import health


@never_cache
@require_GET
def healthz(request):
    """Machine-readable health: 200 when database, broker and beat are fine, else 503.

    A 503 is the answer a monitor expects while the portal starts (beat not yet heard from): it is
    logged once per change of what fails (`health.log_change`), not as an ERROR per request."""
    checks = {}
    healthy = True
    for name, check in (
        ("database", health.check_database),
        ("broker", health.check_broker),
        ("beat", health.check_beat),
    ):
        ok, detail = check()
        checks[name] = {"ok": ok, **detail}
        healthy = healthy and ok
    health.log_change(sorted(name for name, result in checks.items() if not result["ok"]))
    response = JsonResponse({"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503)
    response._has_been_logged = True  # Django's request logger would log every 503 as an ERROR
    return response


# Where each role starts its day.
HOME_BY_ROLE = {
    Role.OFFICIAL: "tasks:my_tasks",
    Role.OBSERVER: "tasks:plan_overview",
    Role.CLERK: "tasks:plan_overview",
    Role.CHAIRMAN: "reports:dashboard",
    Role.VICE_CHAIRMAN: "reports:dashboard",
    Role.SUPERVISOR: "reports:communes",
    Role.ACCOUNT_ADMIN: "accounts:security_log",
}


def home_url_name(user):
    """The URL name of a signed-in person's home page."""
    if user.is_superuser and user.unit_id is None:
        return "admin:index"
    return HOME_BY_ROLE.get(user.role, "tasks:my_tasks")


def home(request):
    """`/`: sign in, then go to the page your role starts from."""
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    try:
        return redirect(reverse(home_url_name(request.user)))
    except NoReverseMatch:
        # A page of the tasks app that is not there yet: a plain landing page instead.
        return render(request, "core/home.html")


@login_required
def dashboard(request):
    """`/dashboard/`: the leadership dashboard lives in the reports app."""
    query = request.GET.urlencode()
    return redirect(reverse("reports:dashboard") + (f"?{query}" if query else ""))


class SignOutView(auth_views.LogoutView):
    """Django's sign-out (POST only), saying on the sign-in page that it worked."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have signed out."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Reset by e-mail; the link is built on SITE_URL, like every e-mail of the portal."""

    email_template_name = "registration/password_reset_email.txt"

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.SITE_URL.rstrip("/")}
        return super().form_valid(form)
