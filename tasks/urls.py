from django.urls import include, path

from .views import detail, editing, mytasks, overview

app_name = "tasks"

urlpatterns = [
    path("", include(mytasks.urlpatterns)),
    path("", include(detail.urlpatterns)),
    path("", include(overview.urlpatterns)),
    path("", include(editing.urlpatterns)),
]
