"""URLs of bookings, mounted under /jst/<municipality_slug>/zasoby/ in the `bookings` namespace."""

urlpatterns = []
