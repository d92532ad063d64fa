"""Grants URLs: `municipality_urlpatterns` are mounted under /jst/<municipality_slug>/dotacje/ (the
municipality's scope is active), `portal_urlpatterns` under /dotacje/ (across municipalities)."""

from .views import awards, calls, evaluation, offers, small_grants

_modules = (calls, offers, evaluation, awards, small_grants)

app_name = "grants"
municipality_urlpatterns = [pattern for module in _modules for pattern in module.municipality_urlpatterns]
portal_urlpatterns = [pattern for module in _modules for pattern in module.portal_urlpatterns]
