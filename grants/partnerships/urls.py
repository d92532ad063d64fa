"""URLs of partnerships, mounted under /jst/<municipality_slug>/partnerstwa/ in the `partnerships` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.partnership_list, name="partnership_list"),
    path("<int:pk>/", views.partnership_detail, name="partnership_detail"),
    path("<int:pk>/umowa/", views.partnership_agreement, name="partnership_agreement"),
    path("<int:pk>/dzialania/nowe/", views.action_create, name="action_create"),
    path("<int:pk>/dzialania/<int:action_id>/status/", views.action_status, name="action_status"),
    path("<int:pk>/rezultaty/", views.results_edit, name="results_edit"),
    path("<int:pk>/ocena-zaangazowania/", views.assessment_create, name="assessment_create"),
    path("panel/", views.partnership_admin_list, name="partnership_admin_list"),
    path("panel/nowe/", views.partnership_create, name="partnership_create"),
    path("panel/<int:pk>/", views.partnership_admin, name="partnership_admin"),
    path("panel/<int:pk>/edycja/", views.partnership_edit, name="partnership_edit"),
    path("panel/<int:pk>/partnerzy/nowy/", views.partner_add, name="partner_add"),
    path("panel/<int:pk>/partnerzy/<int:partner_id>/edycja/", views.partner_edit, name="partner_edit"),
    path("panel/<int:pk>/partnerzy/<int:partner_id>/odejscie/", views.partner_leave, name="partner_leave"),
    path("panel/<int:pk>/partnerzy/<int:partner_id>/przedstawiciele/nowy/", views.representative_add,
         name="representative_add"),
    path("panel/<int:pk>/partnerzy/<int:partner_id>/przedstawiciele/<int:representative_id>/edycja/",
         views.representative_edit, name="representative_edit"),
    path("panel/<int:pk>/aktywacja/", views.partnership_activate, name="partnership_activate"),
    path("panel/<int:pk>/zakonczenie/", views.partnership_end, name="partnership_end"),
]
