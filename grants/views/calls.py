"""Views of grants: calls."""

municipality_urlpatterns = []
portal_urlpatterns = []
