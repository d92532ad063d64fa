"""Views of grants: offers."""

municipality_urlpatterns = []
portal_urlpatterns = []
