from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


@never_cache
@require_GET
def healthz(request):
    """Machine-readable health: 200 when database, broker and beat are fine, else 503."""
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
    return JsonResponse({"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503)


def home(request):
    """The front page until the role-based homes arrive: where to sign in."""
    from django.shortcuts import render

    return render(request, "core/home.html")
