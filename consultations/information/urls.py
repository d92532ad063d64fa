"""URLs of information, mounted under /jst/<municipality_slug>/informacje/ in the `information` namespace."""

urlpatterns = []
