"""The import pages, at the paths they always had (/tasks/plan/upload/, /reports/appendix/...)."""

from django.urls import include, path

from .views import appendix, plan_upload

app_name = "importing"

urlpatterns = [
    path("", include(plan_upload.urlpatterns)),
    path("reports/", include(appendix.urlpatterns)),
]
