"""Celery tasks of information exchange. Arguments are ids; every task is idempotent (a delivery already sent is
skipped), so a retry or a second run never sends an e-mail twice."""

import smtplib
from datetime import timedelta

from celery import shared_task

# How many e-mails one task sends (on one SMTP connection): a large NGO base goes out in several short tasks.
NEWSLETTER_BATCH_SIZE = 50
# Transient SMTP faults are retried with an exponential backoff; on the last attempt the failure is recorded on
# the delivery, where the officer sees it.
NEWSLETTER_MAX_RETRIES = 5
# E-mail errors worth a retry (the server is down or busy); a refused address is final (see services).
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)
# The safety net (celery beat, `requeue_pending_deliveries`) takes up e-mails still waiting this long after the
# newsletter was sent: longer than a batch waits in the queue and runs with all its retries (at most 15.5 min of
# backoff), so a batch that is on its way is not doubled. A doubled batch would still send nothing twice.
NEWSLETTER_REQUEUE_AFTER = timedelta(minutes=30)


@shared_task(name="consultations.information.send_newsletter", acks_late=True)
def task_send_newsletter(newsletter_id: int) -> int:
    """Split the newsletter's waiting e-mails into batches, one task each. Returns the number of batches."""
    from .services import pending_email_ids

    return _enqueue_batches(pending_email_ids(newsletter_id))


def _enqueue_batches(ids: list[int]) -> int:
    batches = [ids[start:start + NEWSLETTER_BATCH_SIZE] for start in range(0, len(ids), NEWSLETTER_BATCH_SIZE)]
    for batch in batches:
        task_send_newsletter_batch.delay(batch)
    return len(batches)


@shared_task(bind=True, name="consultations.information.send_newsletter_batch", acks_late=True,
             autoretry_for=TRANSIENT_ERRORS, retry_backoff=30, retry_backoff_max=900, retry_jitter=True,
             max_retries=NEWSLETTER_MAX_RETRIES)
def task_send_newsletter_batch(self, delivery_ids: list[int]) -> dict:
    from .services import send_delivery_batch

    return send_delivery_batch(delivery_ids=delivery_ids, final_attempt=self.request.retries >= self.max_retries)


@shared_task(name="consultations.information.requeue_pending_deliveries")
def task_requeue_pending_deliveries() -> int:
    """Safety net (celery beat): e-mails of newsletters sent more than NEWSLETTER_REQUEUE_AFTER ago that are
    still waiting (their task was not queued because the broker was down, or was lost with a killed worker) go
    out again in batches. A delivery is never e-mailed twice, even beside a batch that is still running: each is
    sent under its row lock and only while it is waiting (`services.deliver_email`). Returns the number of
    e-mails re-enqueued."""
    from django.utils import timezone

    from .services import stale_pending_email_ids

    count = 0
    for ids in stale_pending_email_ids(sent_before=timezone.now() - NEWSLETTER_REQUEUE_AFTER).values():
        _enqueue_batches(ids)
        count += len(ids)
    return count
