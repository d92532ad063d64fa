"""URLs of initiatives, mounted under /jst/<municipality_slug>/inicjatywa-lokalna/ in the `initiatives` namespace."""

urlpatterns = []
