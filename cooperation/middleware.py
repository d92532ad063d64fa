"""Request-level guards: tenancy scope, MFA for officers and administrators, security headers; the anonymous
page cache and compression."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from .models import Municipality
from .selectors import user_has_mfa, user_must_use_mfa

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """A Content-Security-Policy without unsafe-inline, and a closed Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        return response


class PortalLocaleMiddleware(LocaleMiddleware):
    """Polish unless the visitor chose English with the language switcher (a cookie). The browser's
    Accept-Language is not consulted: the portal is a Polish public service with an English version."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class MunicipalityScopeMiddleware:
    """Pages under /jst/<municipality_slug>/ run inside that municipality's scope; the admin runs unscoped.
    Everything else runs with no scope at all, so a municipal query there raises ScopeError."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.municipality = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.namespace == "admin" or request.path_info.startswith("/admin/"):
            with scopes_disabled():
                return self.get_response(request)
        slug = match.kwargs.get("municipality_slug")
        if slug is None:
            return self.get_response(request)
        try:
            request.municipality = Municipality.objects.get(slug=slug)
        except Municipality.DoesNotExist as exc:
            raise Http404(_("No such municipality.")) from exc
        with scope(municipality=request.municipality):
            return self.get_response(request)


MFA_EXEMPT_URL_NAMES = {
    "mfa_activate_totp",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_reauthenticate",
    "mfa_authenticate",
    "account_logout",
    "account_reauthenticate",
    "account_confirm_email",
    "account_email_verification_sent",
    "set_language",
}


class RequireMFAMiddleware:
    """Officers and administrators must have TOTP before they can do anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.MFA_REQUIRED_FOR_STAFF
            and user.is_authenticated
            and not request.path_info.startswith(settings.STATIC_URL)
            and user_must_use_mfa(user)
            and not user_has_mfa(user)
        ):
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in MFA_EXEMPT_URL_NAMES:
                messages.warning(
                    request,
                    _("Officers and administrators must protect their account with a one-time code app "
                      "before they continue."),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)


class AnonymousPageCacheMiddleware:
    """Serves public pages to visitors who are not signed in from the cache (see cooperation/caching.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        from . import caching

        if not caching.is_cacheable_request(request):
            return self.get_response(request)
        key = caching.page_key(request, translation.get_language())
        cached, version = caching.cached_page(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if caching.is_cacheable_response(request, response):
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
            caching.store_page(key, version, response)
        response["X-Page-Cache"] = "miss"
        return response


# Text compresses to a tenth; PDFs, spreadsheets (zip files) and images are compressed already.
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/xml", "application/atom+xml",
                      "application/javascript", "image/svg+xml")


class TextCompressionMiddleware(GZipMiddleware):
    """Django's gzip (with its random padding against BREACH) for text answers only: a PDF or an XLSX would
    cost CPU to compress for nothing and lose its Content-Length (a download without progress)."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)
