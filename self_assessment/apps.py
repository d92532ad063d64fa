from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfAssessmentConfig(AppConfig):
    name = "self_assessment"
    verbose_name = _("Local Cooperation Quality Index")
