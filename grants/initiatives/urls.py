"""URLs of initiatives, mounted under /jst/<municipality_slug>/inicjatywa-lokalna/ in the `initiatives` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.initiative_home, name="initiative_home"),
    path("inicjatywy/", views.initiative_list, name="initiative_list"),
    path("inicjatywy/<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("wnioski/", views.application_mine, name="application_mine"),
    path("wnioski/nowy/", views.application_create, name="application_create"),
    path("wnioski/<int:pk>/", views.application_detail, name="application_detail"),
    path("wnioski/<int:pk>/edycja/", views.application_edit, name="application_edit"),
    path("wnioski/<int:pk>/umowa.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("panel/", views.officer_inbox, name="officer_inbox"),
    path("panel/zasady/", views.rules_edit, name="rules_edit"),
    path("panel/wnioski/<int:pk>/", views.officer_application, name="officer_application"),
    path("panel/wnioski/<int:pk>/zwrot/", views.application_return, name="application_return"),
    path("panel/wnioski/<int:pk>/ocena/", views.application_assess, name="application_assess"),
    path("panel/wnioski/<int:pk>/decyzja/", views.application_decide, name="application_decide"),
    path("panel/wnioski/<int:pk>/umowa/", views.agreement_edit, name="agreement_edit"),
    path("panel/wnioski/<int:pk>/umowa/podpisanie/", views.agreement_sign, name="agreement_sign"),
    path("panel/wnioski/<int:pk>/rozliczenie/", views.application_complete, name="application_complete"),
]
