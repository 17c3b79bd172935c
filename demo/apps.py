from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    # Not translated: the app has no models, so its name is shown nowhere (not even in the admin).
    verbose_name = "Demo data"
