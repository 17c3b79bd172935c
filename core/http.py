"""What every view module shares about requests: the methods a page answers and where it may send back."""

from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

GET_ONLY = require_http_methods(["GET", "HEAD"])
GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def is_own_url(request, target):
    """True if `target` is a path (or URL) on this site, safe to redirect to."""
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def next_or(request, default):
    """The request's `next` (posted or in the query) if it is ours, else `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    return target if is_own_url(request, target) else default
