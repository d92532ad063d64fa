"""The safety net for newsletter e-mails (celery beat's `consultations.information.requeue_pending_deliveries`):
e-mails left waiting because their task was never queued (the broker was down when the newsletter was sent) go
out once, those already sent or failed are left alone, a newsletter younger than the age is left to its own
batches, and a re-enqueued batch running beside the original one sends nothing twice.

The lost task is real: Celery runs as in production (not eagerly) against a broker address where nothing
listens, so `config.celery.PortalTask` logs the task as not queued and drops it."""

import contextlib
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from config.celery import app as celery_app
from consultations.information import services, tasks
from consultations.information.enums import Channel, DeliveryStatus
from consultations.information.models import Delivery, Newsletter
from cooperation.enums import OrganizationLinkStatus
from cooperation.models import OrganizationMunicipality
from tests.browser.world import build_world
from tests.factories import OrganizationFactory

AGE = tasks.NEWSLETTER_REQUEUE_AFTER / timedelta(minutes=1)  # 30
FIRST = "Stowarzyszenie Przyjaciół Ziemi Koszalińskiej"  # the world's organization: kontakt1@ngo.example.pl


@pytest.fixture
def world(db, monkeypatch):
    # Side effects run at once (the test's transaction never commits), as in test_information_services.py.
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())
    built = build_world()
    mail.outbox.clear()
    return built


def _reset_producer_pool() -> None:
    """Make the next publish look up the pools of the current broker_url (as Celery does after a fork). kombu
    keeps each broker's pools, so the in-memory broker's pool is found again, intact, afterwards."""
    celery_app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        celery_app.__dict__["amqp"]._producer_pool = None


@contextlib.contextmanager
def broker_unreachable():
    """Celery as in production (tasks go to the broker), the broker a loopback port bound by nobody's listener:
    every connection is refused, as while Redis restarts."""
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url")}
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # held, never listening: nothing else can answer there
        celery_app.conf.update(task_always_eager=False, broker_url=f"redis://127.0.0.1:{closed.getsockname()[1]}/0")
        _reset_producer_pool()
        try:
            yield
        finally:
            celery_app.conf.update(saved)
            _reset_producer_pool()


def confirmed_org(world, name, *, email=True, post=False):
    with scopes_disabled():
        organization = OrganizationFactory(name=name, wants_email=email, wants_post=post,
                                           email=f"{name.split()[-1].lower()}@ngo.example.pl")
        OrganizationMunicipality.objects.create(organization=organization, municipality=world.municipality,
                                                status=OrganizationLinkStatus.CONFIRMED)
    return organization


def send_while_broker_down(world, caplog):
    """The officer sends a newsletter while the broker is down: it is sent (deliveries waiting), its task lost."""
    with scopes_disabled():
        item = services.create_newsletter(municipality=world.municipality, actor=world.officer,
                                          subject="Zaproszenie na spotkanie", text="Akapit 1.\n\nAkapit 2.",
                                          reply_to="ngo@koszalin.example.pl")
    with caplog.at_level(logging.WARNING, logger="config.celery"), broker_unreachable(), scopes_disabled():
        services.send_newsletter(newsletter=item, actor=world.officer)
    assert [r.getMessage().split(" not queued")[0] for r in caplog.records if r.name == "config.celery"] == [
        "Task consultations.information.send_newsletter"]
    assert mail.outbox == []
    return item


def sent_minutes_ago(item, minutes: float) -> None:
    with scopes_disabled():
        Newsletter.objects.filter(pk=item.pk).update(sent_at=timezone.now() - timedelta(minutes=minutes))


def statuses(item) -> dict[tuple[str, str], tuple[str, int]]:
    with scopes_disabled():
        return {(d.name, d.channel): (d.status, d.attempts) for d in Delivery.objects.filter(newsletter=item)}


def requeue() -> int:
    """Run the task as beat's message would have it run (eagerly here); errors propagate."""
    return tasks.task_requeue_pending_deliveries.apply().result


def test_a_newsletter_whose_task_was_lost_is_delivered_once_by_the_requeue(world, caplog):
    confirmed_org(world, "Fundacja Druga")
    item = send_while_broker_down(world, caplog)
    assert statuses(item) == {(FIRST, Channel.EMAIL): (DeliveryStatus.PENDING, 0),
                              ("Fundacja Druga", Channel.EMAIL): (DeliveryStatus.PENDING, 0)}
    sent_minutes_ago(item, AGE + 1)

    assert requeue() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["druga@ngo.example.pl", "kontakt1@ngo.example.pl"]
    assert statuses(item) == {(FIRST, Channel.EMAIL): (DeliveryStatus.SENT, 1),
                              ("Fundacja Druga", Channel.EMAIL): (DeliveryStatus.SENT, 1)}
    assert requeue() == 0  # the next beat finds nothing waiting
    assert len(mail.outbox) == 2


def test_deliveries_already_sent_or_failed_and_letters_are_not_sent_again(world, caplog):
    confirmed_org(world, "Fundacja Druga")
    confirmed_org(world, "Fundacja Trzecia")
    confirmed_org(world, "Fundacja Listowna", email=False, post=True)
    item = send_while_broker_down(world, caplog)
    with scopes_disabled():
        by_name = {d.name: d for d in Delivery.objects.filter(newsletter=item, channel=Channel.EMAIL)}
        # Part of the newsletter went out before the task was lost; one address was refused.
        assert services.send_delivery_batch(delivery_ids=[by_name[FIRST].pk]) == {"sent": 1, "failed": 0,
                                                                                  "skipped": 0}
        services.set_delivery_status(delivery=by_name["Fundacja Druga"], status=DeliveryStatus.FAILED,
                                     error="550 no such user")
    sent_minutes_ago(item, AGE + 15)

    assert requeue() == 1
    assert [m.to for m in mail.outbox] == [["kontakt1@ngo.example.pl"], ["trzecia@ngo.example.pl"]]
    assert statuses(item) == {
        (FIRST, Channel.EMAIL): (DeliveryStatus.SENT, 1),
        ("Fundacja Druga", Channel.EMAIL): (DeliveryStatus.FAILED, 0),
        ("Fundacja Trzecia", Channel.EMAIL): (DeliveryStatus.SENT, 1),
        ("Fundacja Listowna", Channel.POST): (DeliveryStatus.PENDING, 0),  # printed and posted by the officer
    }


def test_a_newsletter_younger_than_the_age_is_left_to_its_own_batches(world, caplog):
    item = send_while_broker_down(world, caplog)
    sent_minutes_ago(item, AGE - 1)

    assert requeue() == 0
    assert mail.outbox == []
    assert statuses(item) == {(FIRST, Channel.EMAIL): (DeliveryStatus.PENDING, 0)}

    sent_minutes_ago(item, AGE + 1)
    assert requeue() == 1
    assert [m.to for m in mail.outbox] == [["kontakt1@ngo.example.pl"]]


def test_production_beat_runs_the_requeue_every_five_minutes():
    """The production settings as the beat process loads them (a child process: they need their environment)."""
    code = ("import json, django; django.setup(); from django.conf import settings; from config.celery import app; "
            "app.loader.import_default_modules(); print(json.dumps({name: [entry['task'], entry['schedule'], "
            "entry['task'] in app.tasks] for name, entry in settings.CELERY_BEAT_SCHEDULE.items()}))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": "x" * 50,
           "DATABASE_URL": "sqlite://:memory:", "ALLOWED_HOSTS": "localhost", "PORTAL_BASE_URL": "http://localhost",
           "REDIS_URL": "redis://127.0.0.1:1/0"}
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True,
                            text=True, check=True)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "requeue-pending-documents": ["cooperation.requeue_pending_documents", 300.0, True],
        "requeue-pending-deliveries": ["consultations.information.requeue_pending_deliveries", 300.0, True],
    }


# --- Beside the original batch: real transactions in two threads ----------------------------------------------


def _waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks JOIN pg_stat_activity USING (pid) "
                       "WHERE NOT granted AND datname = current_database()")
        return cursor.fetchone()[0]


@pytest.mark.postgresql  # row locks; deselected (with a notice) on SQLite, see tests/conftest.py
@pytest.mark.django_db(transaction=True)
def test_a_requeued_batch_beside_the_original_one_sends_nothing_twice(caplog):
    world = build_world()
    mail.outbox.clear()
    item = send_while_broker_down(world, caplog)
    sent_minutes_ago(item, AGE + 1)
    with scopes_disabled():
        [delivery_id] = Delivery.objects.filter(newsletter=item).values_list("id", flat=True)

    inside_send, release = threading.Event(), threading.Event()
    original = EmailBackend.send_messages
    results, errors = {}, []

    def slow_smtp(self, messages):
        """The original batch's e-mail is on its way (SMTP is slow) while the requeued batch starts."""
        if not inside_send.is_set():
            inside_send.set()
            assert release.wait(30), "the requeued batch never started"
        return original(self, messages)

    def run(name, func):
        try:
            results[name] = func()
        except Exception as error:  # noqa: BLE001 - reported by the main thread
            errors.append((name, error))
        finally:
            connection.close()  # this thread's own database connection

    with mock.patch.object(EmailBackend, "send_messages", slow_smtp):
        original_batch = threading.Thread(target=run, args=(
            "original", lambda: tasks.task_send_newsletter_batch.apply(args=[[delivery_id]]).result))
        original_batch.start()
        assert inside_send.wait(30), "the original batch never reached SMTP"
        requeued = threading.Thread(target=run, args=("requeue", requeue))
        requeued.start()
        limit = time.monotonic() + 30
        while requeued.is_alive() and not _waiting_for_a_lock() and time.monotonic() < limit:
            time.sleep(0.05)
        waited_for_the_lock = _waiting_for_a_lock() >= 1
        release.set()
        original_batch.join(30)
        requeued.join(30)

    assert errors == []
    assert [m.to for m in mail.outbox] == [["kontakt1@ngo.example.pl"]]
    assert statuses(item) == {(FIRST, Channel.EMAIL): (DeliveryStatus.SENT, 1)}
    assert results == {"original": {"sent": 1, "failed": 0, "skipped": 0}, "requeue": 1}
    assert waited_for_the_lock, "the requeued batch did not wait for the delivery's row lock"
    assert celery_app.conf.task_always_eager  # restored for the tests that follow
