"""Views of the tasks app, one module per user journey; each module lists its own urlpatterns."""
