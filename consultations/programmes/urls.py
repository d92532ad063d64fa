"""URLs of programmes, mounted under /jst/<municipality_slug>/program-wspolpracy/ in the `programmes` namespace."""

urlpatterns = []
