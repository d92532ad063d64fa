from django.urls import include, path

from .views import account, dashboard, imports, organizations, panel, public

app_name = "cooperation"

municipality_patterns = [
    path("", public.municipality_detail, name="municipality_detail"),
    path("organizacje/", public.directory, name="directory"),
    path("standardy/", public.tracker, name="tracker"),
    path("deklaracja-dostepnosci/", public.accessibility_declaration, name="accessibility_declaration"),
    # Officer panel.
    path("panel/", panel.panel, name="panel"),
    path("panel/pulpit/", dashboard.officer_dashboard, name="officer_dashboard"),
    path("panel/organizacje/", panel.link_list, name="link_list"),
    path("panel/organizacje/<int:pk>/decyzja/", panel.link_decide, name="link_decide"),
    path("panel/standardy/<str:code>/", panel.standard_edit, name="standard_edit"),
    path("panel/standardy/<str:code>/dowod/", panel.standard_evidence, name="standard_evidence"),
    path("panel/deklaracja-dostepnosci/", panel.declaration_edit, name="declaration_edit"),
    path("panel/historia/", panel.history, name="history"),
    path("panel/import/", imports.import_upload, name="import_upload"),
    path("panel/import/<int:pk>/", imports.import_review, name="import_review"),
    path("panel/eksport.<str:file_format>", imports.export_organizations, name="export_organizations"),
]

urlpatterns = [
    path("", public.home, name="home"),
    path("model-wspolpracy/", public.model, name="model"),
    path("deklaracja-dostepnosci/", public.platform_accessibility_declaration, name="platform_accessibility_declaration"),
    path("healthz", public.healthz, name="healthz"),
    path("pulpit/", organizations.dashboard, name="dashboard"),
    path("organizacje/nowa/", organizations.organization_create, name="organization_create"),
    path("organizacje/<int:pk>/", organizations.organization_detail, name="organization_detail"),
    path("organizacje/<int:pk>/edycja/", organizations.organization_edit, name="organization_edit"),
    path("organizacje/<int:pk>/czlonkowie/", organizations.members, name="members"),
    path("organizacje/<int:pk>/czlonkowie/<int:membership_id>/usun/", organizations.member_remove, name="member_remove"),
    path("organizacje/<int:pk>/gminy/", organizations.organization_municipalities, name="organization_municipalities"),
    path("zaproszenie/<str:token>/", organizations.invitation_accept, name="invitation_accept"),
    path("konto/moje-dane/", account.my_data, name="my_data"),
    path("konto/moje-dane.json", account.my_data_download, name="my_data_download"),
    path("konto/usun/", account.account_delete, name="account_delete"),
    path("jst/<slug:municipality_slug>/", include(municipality_patterns)),
]

# Meetings and trainings (P2.A2, P3.A2), under /jst/<municipality_slug>/wydarzenia/, and the person's own events.
from .views import events  # noqa: E402

event_patterns = [
    path("", events.event_list, name="event_list"),
    path("<int:pk>/", events.event_detail, name="event_detail"),
    path("<int:pk>/zapis/", events.event_register, name="event_register"),
    path("<int:pk>/rezygnacja/", events.event_unregister, name="event_unregister"),
    path("<int:pk>/wydarzenie.ics", events.event_ics, name="event_ics"),
    path("<int:pk>/materialy/<int:material_id>/", events.event_material, name="event_material"),
    path("panel/", events.event_admin_list, name="event_admin_list"),
    path("panel/nowe/", events.event_create, name="event_create"),
    path("panel/<int:pk>/", events.event_admin, name="event_admin"),
    path("panel/<int:pk>/edycja/", events.event_edit, name="event_edit"),
    path("panel/<int:pk>/publikuj/", events.event_publish, name="event_publish"),
    path("panel/<int:pk>/odwolaj/", events.event_cancel, name="event_cancel"),
    path("panel/<int:pk>/zapisy/", events.event_registrations, name="event_registrations"),
    path("panel/<int:pk>/zapisy.csv", events.event_registrations_csv, name="event_registrations_csv"),
    path("panel/<int:pk>/obecnosc/", events.event_attendance, name="event_attendance"),
    path("panel/<int:pk>/materialy/nowy/", events.event_material_create, name="event_material_create"),
    path("panel/<int:pk>/materialy/<int:material_id>/usun/", events.event_material_delete,
         name="event_material_delete"),
]
urlpatterns += [
    path("pulpit/wydarzenia/", events.my_events, name="my_events"),
    path("jst/<slug:municipality_slug>/wydarzenia/", include(event_patterns)),
]
