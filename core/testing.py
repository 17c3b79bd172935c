"""Test-only helpers referenced from papi_portal/settings/test.py; never use in production."""

from axes.backends import AxesStandaloneBackend


class AxesBackendForTests(AxesStandaloneBackend):
    """django-axes, except that authenticate() without a request is let through.

    Django's test client calls ``authenticate(username=..., password=...)`` with no
    request in ``client.login()``, which the real backend refuses. Sign-ins through
    the login view always pass the request, so lockout is tested as in production.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
