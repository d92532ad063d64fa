"""URLs of programmes, mounted under /jst/<municipality_slug>/program-wspolpracy/ in the `programmes` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/program.pdf", views.programme_pdf, name="pdf"),
    path("sprawozdania/<int:pk>/", views.report_detail, name="report"),
    path("sprawozdania/<int:pk>/sprawozdanie.pdf", views.report_pdf, name="report_pdf"),
    path("panel/", views.admin_list, name="admin_list"),
    path("panel/nowy/", views.programme_create, name="create"),
    path("panel/<int:pk>/", views.programme_admin, name="admin"),
    path("panel/<int:pk>/sekcje/<slug:key>/", views.section_edit, name="section_edit"),
    path("panel/<int:pk>/zadania/", views.tasks_edit, name="tasks_edit"),
    path("panel/<int:pk>/wskazniki/", views.indicators_edit, name="indicators_edit"),
    path("panel/<int:pk>/konsultacje/", views.consultation_send, name="consultation_send"),
    path("panel/<int:pk>/konsultacje/powiaz/", views.consultation_link, name="consultation_link"),
    path("panel/<int:pk>/rada/", views.council_ask, name="council_ask"),
    path("panel/<int:pk>/uchwala/", views.adopt, name="adopt"),
    path("panel/<int:pk>/publikuj/", views.publish, name="publish"),
    path("panel/<int:pk>/pdf/ponow/", views.pdf_retry, name="pdf_retry"),
    path("panel/<int:pk>/wycofaj/", views.withdraw, name="withdraw"),
    path("panel/sprawozdania/nowe/", views.report_create, name="report_create"),
    path("panel/sprawozdania/<int:pk>/", views.report_edit, name="report_edit"),
    path("panel/sprawozdania/<int:pk>/odswiez/", views.report_refresh, name="report_refresh"),
    path("panel/sprawozdania/<int:pk>/publikuj/", views.report_publish, name="report_publish"),
    path("panel/sprawozdania/<int:pk>/korekta/", views.report_correct, name="report_correct"),
    path("panel/sprawozdania/<int:pk>/pdf/ponow/", views.report_pdf_retry, name="report_pdf_retry"),
]
