"""Views of grants: awards."""

municipality_urlpatterns = []
portal_urlpatterns = []
