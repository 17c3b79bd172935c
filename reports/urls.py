from django.urls import include, path

from .views import communes, dashboard, exports, rounds, scores, settings

app_name = "reports"

urlpatterns = [
    path("", include(rounds.urlpatterns)),
    path("", include(exports.urlpatterns)),
    path("", include(settings.urlpatterns)),
    path("", include(dashboard.urlpatterns)),
    path("", include(communes.urlpatterns)),
    path("", include(scores.urlpatterns)),
]
