from django.urls import include, path

from .views import clerk, detail, mytasks, notifications, reminders

app_name = "tasks"

urlpatterns = [
    path("", include(mytasks.urlpatterns)),
    path("", include(detail.urlpatterns)),
    path("", include(clerk.urlpatterns)),
    path("", include(notifications.urlpatterns)),
    path("", include(reminders.urlpatterns)),
]
