"""Views of grants: evaluation."""

municipality_urlpatterns = []
portal_urlpatterns = []
