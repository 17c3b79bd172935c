"""Local development and the embedded demo run (`make run`)."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

# The demo data (`manage.py load_demo`, `generate_synthetic`): dev and test only, never production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

DEBUG = env.bool("DEBUG", default=True)
# Development only: a fixed key so that sessions survive restarts.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
