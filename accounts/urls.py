from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("me/", views.my_account, name="my_account"),
    path("email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
    path("email/cancel/", views.email_cancel, name="email_cancel"),
    path("security/", views.security_log, name="security_log"),
]
