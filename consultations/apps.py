from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Public consultations")

    def ready(self):
        from cooperation.audit import register_action_labels

        register_action_labels({
            "consultations.consultation.created": _("consultation created"),
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
        })
