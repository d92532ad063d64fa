from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from django.views.static import serve

from consultations import urls as consultations_urls
from consultations.diagnosis import urls as diagnosis_urls
from consultations.information import urls as information_urls
from consultations.programmes import urls as programmes_urls
from grants import urls as grants_urls
from grants.bookings import urls as bookings_urls
from grants.initiatives import urls as initiatives_urls
from grants.partnerships import urls as partnerships_urls
from self_assessment import urls as self_assessment_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    path("konto/", include("allauth.urls")),
    # The language switcher posts without a CSRF token (a preference, not an action on anyone's data), so that
    # public pages carry no per-visitor token and can be cached for anonymous visitors.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # Organization logos are the only public uploads; they are checked images (Pillow) and never SVG.
    path("media/logos/<path:path>", serve, {"document_root": settings.MEDIA_ROOT / "logos"}, name="media_logo"),
    path("jst/<slug:municipality_slug>/lijw/",
         include((self_assessment_urls.municipality_urlpatterns, "self_assessment"))),
    path("lijw/", include((self_assessment_urls.regional_urlpatterns, "lijw"))),
    path("jst/<slug:municipality_slug>/konsultacje/",
         include((consultations_urls.municipality_urlpatterns, "consultations"))),
    path("konsultacje/", include((consultations_urls.portal_urlpatterns, "consultations_portal"))),
    path("jst/<slug:municipality_slug>/dotacje/", include((grants_urls.municipality_urlpatterns, "grants"))),
    path("dotacje/", include((grants_urls.portal_urlpatterns, "grants_portal"))),
    # The rest of the Model (issue #7): one package a feature inside the plane's app.
    path("jst/<slug:municipality_slug>/program-wspolpracy/", include((programmes_urls.urlpatterns, "programmes"))),
    path("jst/<slug:municipality_slug>/informacje/", include((information_urls.urlpatterns, "information"))),
    path("jst/<slug:municipality_slug>/diagnoza/", include((diagnosis_urls.urlpatterns, "diagnosis"))),
    path("jst/<slug:municipality_slug>/zasoby/", include((bookings_urls.urlpatterns, "bookings"))),
    path("jst/<slug:municipality_slug>/partnerstwa/", include((partnerships_urls.urlpatterns, "partnerships"))),
    path("jst/<slug:municipality_slug>/inicjatywa-lokalna/", include((initiatives_urls.urlpatterns, "initiatives"))),
    path("", include("cooperation.urls")),
]
