from django.urls import path

from .views import comments, officer, public, reports

app_name = "consultations"

# Mounted under /jst/<municipality_slug>/konsultacje/ (the municipality's scope is active).
municipality_urlpatterns = [
    path("", public.consultation_list, name="list"),
    path("<int:pk>/", public.consultation_detail, name="detail"),
    path("<int:pk>/wersje/<int:number>/", public.version_detail, name="version"),
    path("<int:pk>/wersje/<int:number>/zmiany/", public.version_diff, name="version_diff"),
    path("<int:pk>/zalaczniki/<int:attachment_id>/", public.attachment_download, name="attachment"),
    path("<int:pk>/terminy.ics", public.consultation_ics, name="ics"),
    path("<int:pk>/uwagi/nowa/", comments.comment_create, name="comment_create"),
    path("<int:pk>/uwagi/<int:comment_id>/edycja/", comments.comment_edit, name="comment_edit"),
    path("<int:pk>/obserwuj/", comments.follow_toggle, name="follow"),
    path("<int:pk>/raport/", reports.report_page, name="report"),
    path("<int:pk>/raport/<int:number>/", reports.report_page, name="report_revision"),
    path("<int:pk>/raport/<int:number>.pdf", reports.report_pdf, name="report_pdf"),
    path("panel/", officer.consultation_admin_list, name="admin_list"),
    path("panel/nowe/", officer.consultation_create, name="create"),
    path("panel/<int:pk>/", officer.consultation_admin, name="admin"),
    path("panel/<int:pk>/edycja/", officer.consultation_edit, name="edit"),
    path("panel/<int:pk>/wersja/", officer.version_create, name="version_create"),
    path("panel/<int:pk>/zalacznik/", officer.attachment_create, name="attachment_create"),
    path("panel/<int:pk>/publikuj/", officer.consultation_publish, name="publish"),
    path("panel/<int:pk>/uwagi/", officer.comment_answers, name="comment_answers"),
    path("panel/<int:pk>/uwagi/wprowadz/", officer.comment_enter, name="comment_enter"),
    path("panel/<int:pk>/listy/", officer.letter_list, name="letter_list"),
    path("panel/<int:pk>/raport/", reports.report_publish, name="report_publish"),
    path("panel/<int:pk>/raport/<int:number>/ponow-pdf/", reports.report_retry, name="report_retry"),
]

# Mounted under /konsultacje/ (all municipalities: published consultations only).
portal_urlpatterns = [
    path("", public.search, name="search"),
    path("kanal.xml", public.feed, name="feed"),
    path("dane.<str:file_format>", public.open_data, name="open_data"),
]
