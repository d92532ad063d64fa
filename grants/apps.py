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

        # Features in their own packages (issue #7) register their permissions, labels and pages.
        from .bookings import hooks as bookings_hooks
        from .initiatives import hooks as initiatives_hooks
        from .partnerships import hooks as partnerships_hooks
        bookings_hooks.ready()
        partnerships_hooks.ready()
        initiatives_hooks.ready()

        from . import hooks as app_hooks

        app_hooks.ready()
