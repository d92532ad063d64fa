from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfAssessmentConfig(AppConfig):
    name = "self_assessment"
    verbose_name = _("Local Cooperation Quality Index")

    def ready(self):
        from cooperation.audit import register_action_labels

        register_action_labels({
            "self_assessment.agenda.saved": _("discussion scenario saved"),
            "self_assessment.area_assessment.saved": _("agreed score of an area saved"),
            "self_assessment.checklist.saved": _("checklist item saved"),
            "self_assessment.edition.closed": _("survey closed"),
            "self_assessment.edition.created": _("assessment edition created"),
            "self_assessment.edition.opened": _("survey opened"),
            "self_assessment.edition.updated": _("assessment edition updated"),
            "self_assessment.invitations.created": _("survey invitations sent"),
            "self_assessment.note.published": _("note published"),
            "self_assessment.note_draft.saved": _("text of the note saved"),
            "self_assessment.note_pdf.retried": _("PDF of the note requested again"),
            "self_assessment.paper_response.entered": _("paper questionnaire typed in"),
            "self_assessment.participant.added": _("team member added"),
            "self_assessment.participant.removed": _("team member removed"),
            "self_assessment.preread.sent": _("meeting materials sent"),
            "self_assessment.question.deleted": _("question removed"),
            "self_assessment.question.saved": _("question saved"),
            "self_assessment.recommendation.saved": _("recommendation saved"),
            "self_assessment.recommendation.status_changed": _("status of a recommendation changed"),
            "self_assessment.reminders.sent": _("survey reminders sent"),
        })

        from . import hooks as app_hooks

        app_hooks.ready()
