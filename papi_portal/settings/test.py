"""Settings for the test suite (pytest). DATABASE_URL / REDIS_URL still apply."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, VAR_DIR

# The demo data (`manage.py load_demo`, `generate_synthetic`): dev and test only, never production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each test gets its own media folder (tests/conftest.py); this is the fallback.
MEDIA_ROOT = VAR_DIR / "test-media"
CELERY_TASK_ALWAYS_EAGER = False
WHITENOISE_AUTOREFRESH = True  # serve from the finders; no collectstatic before tests

# django-axes stays on: tests/accounts proves the lockout through the login view.
# client.login() passes no request to authenticate(), which axes refuses; the test
# backend lets such calls through to ModelBackend without counting them.
AUTHENTICATION_BACKENDS = [
    "core.testing.AxesBackendForTests",
    "django.contrib.auth.backends.ModelBackend",
]

# django-axes logs every sign-in at INFO; keep test output for failures.
LOGGING = {**LOGGING, "loggers": {"axes": {"level": "WARNING"}}}  # noqa: F405
