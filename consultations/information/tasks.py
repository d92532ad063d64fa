"""Celery tasks of information exchange. Arguments are ids; every task is idempotent (a delivery already sent is
skipped), so a retry or a second run never sends an e-mail twice."""

import smtplib

from celery import shared_task

# How many e-mails one task sends (on one SMTP connection): a large NGO base goes out in several short tasks.
NEWSLETTER_BATCH_SIZE = 50
# Transient SMTP faults are retried with an exponential backoff; on the last attempt the failure is recorded on
# the delivery, where the officer sees it.
NEWSLETTER_MAX_RETRIES = 5
# E-mail errors worth a retry (the server is down or busy); a refused address is final (see services).
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


@shared_task(name="consultations.information.send_newsletter", acks_late=True)
def task_send_newsletter(newsletter_id: int) -> int:
    """Split the newsletter's waiting e-mails into batches, one task each. Returns the number of batches."""
    from .services import pending_email_ids

    ids = pending_email_ids(newsletter_id)
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
