"""URLs of diagnosis, mounted under /jst/<municipality_slug>/diagnoza/ in the `diagnosis` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("wskazniki/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("dane.csv", views.open_data, name="open_data"),
    path("panel/", views.admin, name="admin"),
    path("panel/zestaw-startowy/", views.starter_add, name="starter_add"),
    path("panel/nowy/", views.indicator_create, name="indicator_create"),
    path("panel/<int:pk>/edycja/", views.indicator_edit, name="indicator_edit"),
    path("panel/<int:pk>/publikacja/", views.indicator_publish, name="indicator_publish"),
    path("panel/<int:pk>/wartosci/", views.values_edit, name="values_edit"),
    path("panel/import/", views.import_upload, name="import_upload"),
    path("panel/import/zatwierdz/", views.import_confirm, name="import_confirm"),
]
