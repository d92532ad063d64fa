"""URLs of diagnosis, mounted under /jst/<municipality_slug>/diagnoza/ in the `diagnosis` namespace."""

urlpatterns = []
