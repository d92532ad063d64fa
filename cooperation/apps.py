from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("Cooperation")

    def ready(self):
        from .audit import COOPERATION_LABELS, register_action_labels
        from .sqlite import install

        connection_created.connect(install, dispatch_uid="cooperation.sqlite.unicode_like")
        register_action_labels(COOPERATION_LABELS)

        from . import hooks as app_hooks

        app_hooks.ready()
