from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Open calls and grants")

    def ready(self):
        from cooperation.audit import register_action_labels

        from .services import awards, calls, evaluation, offers, small_grants

        for module in (calls, offers, evaluation, awards, small_grants):
            register_action_labels(module.AUDIT_LABELS)
