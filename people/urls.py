from django.urls import path

from .views import department_edit, departments, official_edit, officials, position_edit, positions

app_name = "people"

urlpatterns = [
    path("officials/", officials, name="officials"),
    path("officials/add/", official_edit, name="official_add"),
    path("officials/<int:pk>/", official_edit, name="official_edit"),
    path("positions/", positions, name="positions"),
    path("positions/add/", position_edit, name="position_add"),
    path("positions/<int:pk>/", position_edit, name="position_edit"),
    path("departments/", departments, name="departments"),
    path("departments/add/", department_edit, name="department_add"),
    path("departments/<int:pk>/", department_edit, name="department_edit"),
]
