"""URLs of partnerships, mounted under /jst/<municipality_slug>/partnerstwa/ in the `partnerships` namespace."""

urlpatterns = []
