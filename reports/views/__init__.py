"""Views of the reports app, one module per journey; each module lists its own urlpatterns."""
