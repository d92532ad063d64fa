"""URLs of bookings, mounted under /jst/<municipality_slug>/zasoby/ in the `bookings` namespace."""

from .views import urlpatterns  # noqa: F401
