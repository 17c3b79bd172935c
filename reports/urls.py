from django.urls import include, path

from .views import appendix, exports, rounds, settings

app_name = "reports"

urlpatterns = [
    path("", include(rounds.urlpatterns)),
    path("", include(exports.urlpatterns)),
    path("", include(appendix.urlpatterns)),
    path("", include(settings.urlpatterns)),
]
