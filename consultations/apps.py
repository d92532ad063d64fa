from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Public consultations")

    def ready(self):
        from cooperation.audit import register_action_labels

        register_action_labels({
            "consultations.consultation.created": _("consultation created"),
            "consultations.rules.updated": _("consultation rules changed"),
            "consultations.consultation.updated": _("consultation changed"),
            "consultations.consultation.published": _("consultation published"),
            "consultations.version.added": _("new version of the consulted document"),
            "consultations.comment.added": _("comment made"),
            "consultations.comment.updated": _("comment changed"),
            "consultations.comment.entered": _("comment received by e-mail, post or at a meeting typed in"),
            "consultations.comment.answered": _("comment answered"),
            "consultations.report.published": _("consultation report published"),
            "consultations.report_pdf.retried": _("PDF of the consultation report requested again"),
            "consultations.attachment.added": _("attachment added to a consultation"),
            "consultations.council_request.started": _("request to create the public benefit council started"),
            "consultations.council_request.signed": _("organization signed the request to create the public benefit council"),
            "consultations.council_request.filed": _("request to create the public benefit council filed"),
            "consultations.council_request.fulfilled": _("public benefit council created on the organizations' request"),
            "consultations.council_term.started": _("term of the public benefit council started"),
            "consultations.council_term.updated": _("term of the public benefit council changed"),
            "consultations.council_term.published": _("composition of the public benefit council published"),
            "consultations.council_member.added": _("member of the public benefit council appointed"),
            "consultations.council_member.dismissed": _("member of the public benefit council dismissed"),
            "consultations.council_meeting.scheduled": _("meeting of the public benefit council scheduled"),
            "consultations.council_attendance.recorded": _("attendance at a council meeting recorded"),
            "consultations.council_minutes.saved": _("minutes of a council meeting saved"),
            "consultations.council_minutes.published": _("minutes of a council meeting published"),
            "consultations.council_opinion.requested": _("opinion of the public benefit council requested"),
            "consultations.council_opinion.recorded": _("opinion of the public benefit council recorded"),
        })

        # Features in their own packages (issue #7) register their permissions, labels and pages.
        from .diagnosis import hooks as diagnosis_hooks
        from .information import hooks as information_hooks
        from .programmes import hooks as programmes_hooks
        programmes_hooks.ready()
        information_hooks.ready()
        diagnosis_hooks.ready()

        from . import hooks as app_hooks

        app_hooks.ready()
