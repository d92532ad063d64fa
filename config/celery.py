import logging
import os

from celery import Celery, Task
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

logger = logging.getLogger("config.celery")


class PortalTask(Task):
    """Queuing a task never turns a committed write into a server error: with the broker unreachable (Redis
    restarting) kombu retries the publish briefly, then the task is logged as not queued and the request goes
    on. What stays pending is re-enqueued by celery beat: PDFs by `cooperation.requeue_pending_documents`,
    newsletter e-mails by `consultations.information.requeue_pending_deliveries`."""

    def apply_async(self, args=None, kwargs=None, **options):
        try:
            return super().apply_async(args, kwargs, **options)
        except OperationalError as error:
            logger.warning("Task %s not queued, the broker is unreachable: %s", self.name, error)
            return None


app = Celery("wspolpraca", task_cls=PortalTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
