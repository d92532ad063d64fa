from django.urls import path

from .views import comments, council, officer, public, reports

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
    path("panel/zasady/", officer.rules_edit, name="rules_edit"),
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

# The public benefit council (issue #7), under /jst/<municipality_slug>/konsultacje/rada/.
municipality_urlpatterns += [
    path("rada/", council.council_page, name="council"),
    path("rada/posiedzenia/<int:pk>/", council.council_meeting, name="council_meeting"),
    path("rada/posiedzenia/<int:pk>/protokol.pdf", council.council_minutes_file, name="council_minutes_file"),
    path("rada/opinie/<int:pk>/", council.council_opinion, name="council_opinion"),
    path("rada/opinie/<int:pk>/opinia.pdf", council.council_opinion_file, name="council_opinion_file"),
    path("rada/wniosek/", council.council_request, name="council_request"),
    path("rada/panel/", council.council_admin, name="council_admin"),
    path("rada/panel/kadencja/nowa/", council.council_term_create, name="council_term_create"),
    path("rada/panel/kadencja/<int:pk>/", council.council_term_admin, name="council_term_admin"),
    path("rada/panel/kadencja/<int:pk>/edycja/", council.council_term_edit, name="council_term_edit"),
    path("rada/panel/kadencja/<int:pk>/publikuj/", council.council_term_publish, name="council_term_publish"),
    path("rada/panel/kadencja/<int:pk>/czlonkowie/nowy/", council.council_member_add, name="council_member_add"),
    path("rada/panel/czlonkowie/<int:pk>/odwolanie/", council.council_member_dismiss, name="council_member_dismiss"),
    path("rada/panel/kadencja/<int:pk>/posiedzenia/nowe/", council.council_meeting_create,
         name="council_meeting_create"),
    path("rada/panel/posiedzenia/<int:pk>/", council.council_meeting_admin, name="council_meeting_admin"),
    path("rada/panel/posiedzenia/<int:pk>/obecnosc/", council.council_attendance, name="council_attendance"),
    path("rada/panel/posiedzenia/<int:pk>/protokol/", council.council_minutes_edit, name="council_minutes_edit"),
    path("rada/panel/posiedzenia/<int:pk>/protokol/publikuj/", council.council_minutes_publish,
         name="council_minutes_publish"),
    path("rada/panel/opinie/", council.council_opinion_list, name="council_opinion_list"),
    path("rada/panel/opinie/nowa/", council.council_opinion_create, name="council_opinion_create"),
    path("rada/panel/opinie/<int:pk>/", council.council_opinion_record, name="council_opinion_record"),
    path("rada/panel/konsultacje/<int:pk>/opinia/", council.council_opinion_for_consultation,
         name="council_opinion_for_consultation"),
]

# Mounted under /konsultacje/ (all municipalities: published consultations only).
portal_urlpatterns = [
    path("", public.search, name="search"),
    path("kanal.xml", public.feed, name="feed"),
    path("dane.<str:file_format>", public.open_data, name="open_data"),
]
