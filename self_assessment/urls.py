from django.urls import path

from .views import officer, public, survey

app_name = "self_assessment"

# Mounted under /jst/<municipality_slug>/lijw/ (the municipality's scope is active).
municipality_urlpatterns = [
    path("", public.archive, name="archive"),
    path("<int:pk>/notatka/", public.note_page, name="note"),
    path("<int:pk>/notatka/<int:number>/", public.note_page, name="note_revision"),
    path("<int:pk>/notatka/<int:number>.pdf", public.note_pdf, name="note_pdf"),
    path("<int:pk>/material/<str:token>/", public.preread, name="preread"),
    path("ankieta/t/<str:token>/", survey.survey_personal, name="survey_personal"),
    path("ankieta/<str:key>/", survey.survey, name="survey"),
    path("panel/", officer.edition_list, name="edition_list"),
    path("panel/nowa/", officer.edition_create, name="edition_create"),
    path("panel/<int:pk>/", officer.edition_detail, name="edition_detail"),
    path("panel/<int:pk>/ustawienia/", officer.edition_edit, name="edition_edit"),
    path("panel/<int:pk>/status/", officer.edition_status, name="edition_status"),
    path("panel/<int:pk>/zespol/", officer.team, name="team"),
    path("panel/<int:pk>/zespol/<int:participant_id>/usun/", officer.participant_remove, name="participant_remove"),
    path("panel/<int:pk>/kwestionariusz/", officer.questionnaire, name="questionnaire"),
    path("panel/<int:pk>/kwestionariusz/<int:question_id>/", officer.question_edit, name="question_edit"),
    path("panel/<int:pk>/kwestionariusz/<int:question_id>/akcja/", officer.question_action, name="question_action"),
    path("panel/<int:pk>/rozsylka/", officer.distribution, name="distribution"),
    path("panel/<int:pk>/papier/", officer.paper_entry, name="paper_entry"),
    path("panel/<int:pk>/wyniki/", officer.results, name="results"),
    path("panel/<int:pk>/wyniki.<str:file_format>", officer.results_export, name="results_export"),
    path("panel/<int:pk>/scenariusz/", officer.agenda, name="agenda"),
    path("panel/<int:pk>/scenariusz/<int:item_id>/", officer.agenda_item_edit, name="agenda_item_edit"),
    path("panel/<int:pk>/projektor/", officer.projector, name="projector"),
    path("panel/<int:pk>/lista-kontrolna/", officer.checklist, name="checklist"),
    path("panel/<int:pk>/podsumowanie/", officer.summary, name="summary"),
    path("panel/<int:pk>/rekomendacje/", officer.recommendations, name="recommendations"),
    path("panel/<int:pk>/rekomendacje/<int:recommendation_id>/status/", officer.recommendation_status,
         name="recommendation_status"),
    path("panel/<int:pk>/notatka/", officer.note, name="note_edit"),
    path("panel/<int:pk>/notatka/publikuj/", officer.note_publish, name="note_publish"),
    path("panel/<int:pk>/notatka/<int:number>/ponow-pdf/", officer.note_retry, name="note_retry"),
]

# Mounted under /lijw/ (no municipality: public, cross-municipality, published data only).
regional_urlpatterns = [
    path("", public.regional, name="regional"),
    path("dane.<str:file_format>", public.open_data, name="open_data"),
]
