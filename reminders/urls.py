"""Included under /tasks/ (papi_portal/urls.py): the paths people know stay /tasks/reminders/…"""

from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("reminders/", views.reminder_log, name="reminder_log"),
    path("reminders/<int:pk>/resend/", views.reminder_resend, name="reminder_resend"),
    path("reminders/settings/", views.reminder_settings, name="reminder_settings"),
    path("reminders/me/", views.my_reminder_preferences, name="my_reminder_preferences"),
]
