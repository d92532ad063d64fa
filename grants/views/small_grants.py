"""Views of grants: small_grants."""

municipality_urlpatterns = []
portal_urlpatterns = []
