from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import views as core_views

admin.site.site_header = _("PAPI Portal administration")
admin.site.site_title = _("PAPI Portal")
admin.site.index_title = _("Data management")

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("tasks/", include("tasks.urls")),
    path("", core_views.home, name="home"),
]
