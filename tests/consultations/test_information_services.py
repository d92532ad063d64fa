"""Information exchange services: NGO posts (submit, approve, decline, edit, withdraw) and newsletters (channel
split, batches, retries, idempotency, receipt tokens, replies, unsubscribing)."""

import re
import smtplib
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django_scopes import scopes_disabled

from consultations.information import selectors, services, tasks
from consultations.information.enums import Channel, DeliveryStatus, NewsletterStatus, PostStatus
from consultations.information.models import Delivery, NewsletterOptOut, NgoPost
from cooperation.enums import OrganizationLinkStatus
from cooperation.exceptions import TransitionNotAllowed
from cooperation.models import OrganizationMunicipality
from tests.browser.world import build_world
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, _on_commit_at_once):
    built = build_world()
    mail.outbox.clear()
    return built


@pytest.fixture(autouse=True)
def _on_commit_at_once(monkeypatch):
    """Side effects run at once (the test's transaction never commits)."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


def confirmed_org(world, name, *, email=True, post=False, municipality=None):
    municipality = municipality or world.municipality
    with scopes_disabled():
        organization = OrganizationFactory(name=name, wants_email=email, wants_post=post,
                                           email=f"{name.split()[-1].lower()}@ngo.example.pl")
        OrganizationMunicipality.objects.create(organization=organization, municipality=municipality,
                                                status=OrganizationLinkStatus.CONFIRMED)
    return organization


def newsletter(world, **fields):
    with scopes_disabled():
        return services.create_newsletter(municipality=world.municipality, actor=world.officer,
                                          **{"subject": "Zaproszenie na spotkanie", "text": "Akapit 1.\n\nAkapit 2.",
                                             "reply_to": "ngo@koszalin.example.pl", **fields})


def send(world, item):
    with scopes_disabled():
        return services.send_newsletter(newsletter=item, actor=world.officer)


def deliveries(item):
    with scopes_disabled():
        return {(d.name, d.channel): d for d in Delivery.objects.filter(newsletter=item)}


@pytest.fixture
def eager_retries():
    """In eager mode Celery re-runs a retried task at once (no wait) only when eager errors do not propagate; a
    worker schedules the retry after the backoff."""
    from config.celery import app

    before = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = before


def token_from(message) -> str:
    return re.search(r"/informacje/odbior/([^/]+)/", message.body).group(1)


# --- Channel split -------------------------------------------------------------------------------------------


def test_recipients_split_by_channel_and_unsubscribed_excluded_from_email(world):
    confirmed_org(world, "Fundacja Poczta", email=False, post=True)
    confirmed_org(world, "Stowarzyszenie Obie", email=True, post=True)
    gone = confirmed_org(world, "Klub Wypisany", email=True)
    gone_post = confirmed_org(world, "Koło Listowe", email=True, post=True)
    confirmed_org(world, "Fundacja Cisza", email=False, post=False)
    with scopes_disabled():
        for organization in (gone, gone_post):
            NewsletterOptOut.objects.create(municipality=world.municipality, organization=organization)
        split = selectors.recipients(newsletter(world))
    names = lambda orgs: sorted(o.name for o in orgs)  # noqa: E731
    assert names(split.email_only) == ["Stowarzyszenie Przyjaciół Ziemi Koszalińskiej"]
    assert names(split.post_only) == ["Fundacja Poczta", "Koło Listowe"]
    assert names(split.both) == ["Stowarzyszenie Obie"]
    assert names(split.unsubscribed) == ["Klub Wypisany", "Koło Listowe"]
    assert names(split.no_channel) == ["Fundacja Cisza"]


def test_send_creates_one_delivery_per_organization_and_channel(world):
    confirmed_org(world, "Fundacja Poczta", email=False, post=True)
    confirmed_org(world, "Stowarzyszenie Obie", email=True, post=True)
    item = newsletter(world)
    send(world, item)
    assert sorted(deliveries(item)) == [
        ("Fundacja Poczta", Channel.POST),
        ("Stowarzyszenie Obie", Channel.EMAIL),
        ("Stowarzyszenie Obie", Channel.POST),
        ("Stowarzyszenie Przyjaciół Ziemi Koszalińskiej", Channel.EMAIL),
    ]
    found = deliveries(item)
    assert found[("Fundacja Poczta", Channel.POST)].status == DeliveryStatus.PENDING
    assert found[("Stowarzyszenie Obie", Channel.EMAIL)].status == DeliveryStatus.SENT
    assert sorted(m.to[0] for m in mail.outbox) == ["kontakt1@ngo.example.pl", "obie@ngo.example.pl"]
    item.refresh_from_db()
    assert item.status == NewsletterStatus.SENT


def test_newsletter_for_chosen_spheres_reaches_only_their_organizations(world):
    from cooperation.models import Sphere

    other = confirmed_org(world, "Fundacja Inna Sfera")
    with scopes_disabled():
        other.spheres.set([Sphere.objects.get(code="18")])
    item = newsletter(world, audience="spheres", spheres=[Sphere.objects.get(code="16")])
    with scopes_disabled():
        split = selectors.recipients(item)
    assert [o.name for o in split.by_email] == ["Stowarzyszenie Przyjaciół Ziemi Koszalińskiej"]


def test_spheres_audience_without_spheres_is_refused(world):
    with pytest.raises(ValidationError) as error:
        newsletter(world, audience="spheres")
    assert "spheres" in error.value.message_dict


def test_sending_twice_is_refused(world):
    item = newsletter(world)
    send(world, item)
    with pytest.raises(TransitionNotAllowed):
        send(world, item)
    assert len(mail.outbox) == 1


def test_another_municipalitys_organizations_are_not_recipients(world):
    confirmed_org(world, "Fundacja Będzińska", municipality=world.other_municipality)
    with scopes_disabled():
        split = selectors.recipients(newsletter(world))
    assert [o.name for o in split.by_email] == ["Stowarzyszenie Przyjaciół Ziemi Koszalińskiej"]


# --- Batches, retries, idempotency ------------------------------------------------------------------------------


def test_emails_go_out_in_batches_of_the_batch_size(world, monkeypatch):
    for n in range(4):
        confirmed_org(world, f"Fundacja Numer{n}")
    monkeypatch.setattr(tasks, "NEWSLETTER_BATCH_SIZE", 2)
    item = newsletter(world)
    with mock.patch.object(tasks.task_send_newsletter_batch, "delay",
                           wraps=tasks.task_send_newsletter_batch.delay) as delay:
        send(world, item)
    assert [len(call.args[0]) for call in delay.call_args_list] == [2, 2, 1]
    assert len(mail.outbox) == 5
    assert {d.status for d in deliveries(item).values()} == {DeliveryStatus.SENT}


def test_a_transient_smtp_error_is_retried_and_nothing_is_sent_twice(world, eager_retries):
    confirmed_org(world, "Fundacja Druga")
    original = EmailBackend.send_messages
    calls = {"n": 0}

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] == 2:  # the second e-mail fails once
            raise smtplib.SMTPServerDisconnected("connection lost")
        return original(self, messages)

    item = newsletter(world)
    with mock.patch.object(EmailBackend, "send_messages", flaky):
        send(world, item)
    assert len(mail.outbox) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["druga@ngo.example.pl", "kontakt1@ngo.example.pl"]
    found = deliveries(item)
    assert {d.status for d in found.values()} == {DeliveryStatus.SENT}
    assert found[("Fundacja Druga", Channel.EMAIL)].attempts == 1
    assert found[("Stowarzyszenie Przyjaciół Ziemi Koszalińskiej", Channel.EMAIL)].attempts == 2


def test_after_the_last_retry_the_failure_is_recorded(world, eager_retries):
    item = newsletter(world)
    with mock.patch.object(EmailBackend, "send_messages", side_effect=smtplib.SMTPServerDisconnected("down")):
        send(world, item)
    delivery = deliveries(item)[("Stowarzyszenie Przyjaciół Ziemi Koszalińskiej", Channel.EMAIL)]
    assert delivery.status == DeliveryStatus.FAILED
    assert "down" in delivery.error
    assert delivery.attempts == tasks.NEWSLETTER_MAX_RETRIES + 1
    assert delivery.token_hash == ""


def test_a_refused_address_fails_at_once_without_retries(world):
    item = newsletter(world)
    refused = smtplib.SMTPRecipientsRefused({"kontakt1@ngo.example.pl": (550, b"no such user")})
    with mock.patch.object(EmailBackend, "send_messages", side_effect=refused):
        send(world, item)
    delivery = deliveries(item)[("Stowarzyszenie Przyjaciół Ziemi Koszalińskiej", Channel.EMAIL)]
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)


def test_running_a_batch_again_sends_nothing_twice(world):
    item = newsletter(world)
    send(world, item)
    with scopes_disabled():
        ids = list(Delivery.objects.filter(newsletter=item).values_list("id", flat=True))
    assert services.send_delivery_batch(delivery_ids=ids) == {"sent": 0, "failed": 0, "skipped": 1}
    assert tasks.task_send_newsletter.apply(args=[item.pk]).get() == 0
    assert len(mail.outbox) == 1


# --- The e-mail, the token, replies, unsubscribing -------------------------------------------------------------


def test_email_has_reply_to_list_unsubscribe_and_the_links(world):
    send(world, newsletter(world))
    [message] = mail.outbox
    token = token_from(message)
    assert message.subject == "Zaproszenie na spotkanie"
    assert message.reply_to == ["ngo@koszalin.example.pl"]
    base = settings.PORTAL_BASE_URL
    assert message.extra_headers["List-Unsubscribe"] == f"<{base}/jst/koszalin/informacje/wypisz/{token}/>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"{base}/jst/koszalin/informacje/odbior/{token}/" in message.body
    assert f"{base}/jst/koszalin/informacje/wypisz/{token}/" in message.body
    assert "Akapit 1.\n\nAkapit 2." in message.body
    with scopes_disabled():
        delivery = selectors.find_delivery(token)
    assert delivery.name == "Stowarzyszenie Przyjaciół Ziemi Koszalińskiej"
    assert delivery.token_hash != token and len(delivery.token_hash) == 64


def test_receipt_is_confirmed_once(world):
    send(world, newsletter(world))
    with scopes_disabled():
        delivery = selectors.find_delivery(token_from(mail.outbox[0]))
        first, created = services.confirm_receipt(delivery=delivery)
        again, created_again = services.confirm_receipt(delivery=delivery)
    assert (created, created_again) == (True, False)
    assert again.confirmed_at == first.confirmed_at


def test_reply_is_stored_confirms_receipt_and_goes_to_the_officer(world):
    send(world, newsletter(world))
    with scopes_disabled():
        delivery = selectors.find_delivery(token_from(mail.outbox[0]))
    with scopes_disabled():
        services.reply_to_newsletter(delivery=delivery, text="Będziemy na spotkaniu.")
    delivery.refresh_from_db()
    assert delivery.reply == "Będziemy na spotkaniu."
    assert delivery.confirmed_at is not None
    forwarded = mail.outbox[-1]
    assert forwarded.to == ["ngo@koszalin.example.pl"]
    assert forwarded.reply_to == ["kontakt1@ngo.example.pl"]
    assert "Będziemy na spotkaniu." in forwarded.body
    with scopes_disabled(), pytest.raises(services.AlreadyReplied):
        services.reply_to_newsletter(delivery=delivery, text="Jeszcze raz.")


def test_unsubscribing_is_respected_by_the_next_newsletter_and_can_be_undone(world):
    send(world, newsletter(world))
    with scopes_disabled():
        delivery = selectors.find_delivery(token_from(mail.outbox[0]))
        services.unsubscribe(delivery=delivery)
        services.unsubscribe(delivery=delivery)  # twice: still one record
        assert NewsletterOptOut.objects.filter(organization=world.organization).count() == 1
    second = newsletter(world, subject="Drugi")
    with pytest.raises(TransitionNotAllowed):  # the only organization unsubscribed and did not choose post
        send(world, second)
    with scopes_disabled():
        assert services.subscribe(municipality=world.municipality, organization=world.organization) is True
    send(world, second)
    assert [m.subject for m in mail.outbox] == ["Zaproszenie na spotkanie", "Drugi"]


def test_letters_are_marked_posted_once(world):
    confirmed_org(world, "Fundacja Poczta", email=False, post=True)
    item = newsletter(world)
    send(world, item)
    with scopes_disabled():
        assert services.mark_letters_sent(newsletter=item, actor=world.officer) == 1
        with pytest.raises(TransitionNotAllowed):
            services.mark_letters_sent(newsletter=item, actor=world.officer)
    assert deliveries(item)[("Fundacja Poczta", Channel.POST)].status == DeliveryStatus.SENT


def test_statistics_count_sent_failed_confirmed_replies_and_letters(world):
    confirmed_org(world, "Fundacja Poczta", email=False, post=True)
    confirmed_org(world, "Fundacja Druga")
    item = newsletter(world)
    send(world, item)
    with scopes_disabled():
        delivery = selectors.find_delivery(token_from(mail.outbox[0]))
        services.reply_to_newsletter(delivery=delivery, text="Dziękujemy.")
        stats = selectors.newsletter_stats(item)
    assert stats == {"recipients": 3, "emails": 2, "sent": 2, "failed": 0, "waiting": 0, "confirmed": 1, "replies": 1,
                     "letters": 1, "letters_sent": 0, "confirmed_percent": 50}


# --- NGO posts ----------------------------------------------------------------------------------------------------


def submit(world, actor=None, organization=None, **fields):
    with scopes_disabled():
        return services.submit_post(municipality=world.municipality, organization=organization or world.organization,
                                    actor=actor or world.owner,
                                    **{"kind": "news", "title": "Nowa siedziba", "text": "Zapraszamy.", **fields})


def test_member_submits_a_post_that_awaits_approval_and_officers_are_told(world):
    mail.outbox.clear()
    post = submit(world, actor=world.editor)
    assert post.status == PostStatus.PENDING
    assert mail.outbox[-1].to == ["urzednik.koszalin@wspolpraca.test"]


def test_an_organization_not_confirmed_here_cannot_submit(world):
    with pytest.raises(services.NotConfirmedHere), scopes_disabled():
        services.submit_post(municipality=world.municipality, organization=world.pending_organization,
                             actor=world.pending_organization.memberships.first().user, kind="news", title="T",
                             text="X")


def test_a_non_member_cannot_submit_for_an_organization(world):
    with pytest.raises(TransitionNotAllowed):
        submit(world, actor=world.resident)


def test_an_event_needs_its_date(world):
    with pytest.raises(ValidationError) as error:
        submit(world, kind="event")
    assert "starts_at" in error.value.message_dict


def test_officer_approves_and_the_post_is_published(world):
    post = submit(world)
    with scopes_disabled():
        services.approve_post(post=post, actor=world.officer)
        with pytest.raises(TransitionNotAllowed):
            services.approve_post(post=post, actor=world.officer)
        post.refresh_from_db()
        assert post.status == PostStatus.PUBLISHED and post.published_at is not None
        assert list(selectors.published_posts(world.municipality)) == [post]


def test_decline_needs_a_reason_and_the_organization_is_told(world):
    post = submit(world)
    with scopes_disabled(), pytest.raises(ValidationError):
        services.decline_post(post=post, actor=world.officer, reason=" ")
    mail.outbox.clear()
    with scopes_disabled():
        services.decline_post(post=post, actor=world.officer, reason="Ogłoszenie handlowe.")
    post.refresh_from_db()
    assert (post.status, post.decline_reason) == (PostStatus.DECLINED, "Ogłoszenie handlowe.")
    assert sorted(mail.outbox[-1].to) == ["kontakt1@ngo.example.pl", "ngo.wlasciciel@wspolpraca.test"]
    assert "Ogłoszenie handlowe." in mail.outbox[-1].body


def test_a_member_cannot_approve_and_an_officer_cannot_withdraw(world):
    post = submit(world)
    with scopes_disabled():
        with pytest.raises(TransitionNotAllowed):
            services.approve_post(post=post, actor=world.owner)
        with pytest.raises(TransitionNotAllowed):
            services.withdraw_post(post=post, actor=world.officer)


def test_editing_a_declined_post_sends_it_again_and_a_published_post_no_longer_changes(world):
    post = submit(world)
    with scopes_disabled():
        services.decline_post(post=post, actor=world.officer, reason="Brak daty.")
        changed = services.update_post(post=post, actor=world.editor, title="Nowa siedziba od grudnia")
        assert (changed.status, changed.title) == (PostStatus.PENDING, "Nowa siedziba od grudnia")
        services.approve_post(post=post, actor=world.officer)
        with pytest.raises(TransitionNotAllowed):
            services.update_post(post=post, actor=world.owner, title="Inny")
        with pytest.raises(TransitionNotAllowed):
            services.withdraw_post(post=post, actor=world.owner)


def test_withdrawn_post_stays_unpublished(world):
    post = submit(world)
    with scopes_disabled():
        services.withdraw_post(post=post, actor=world.owner)
        assert NgoPost.objects.get(pk=post.pk).status == PostStatus.WITHDRAWN
        assert list(selectors.published_posts(world.municipality)) == []


def test_officer_sends_failed_emails_again_to_the_corrected_address(world):
    item = newsletter(world)
    with mock.patch.object(EmailBackend, "send_messages", side_effect=smtplib.SMTPRecipientsRefused({})):
        send(world, item)
    with scopes_disabled():
        world.organization.email = "nowy@ngo.example.pl"
        world.organization.save(update_fields=["email"])
        assert services.retry_failed_emails(newsletter=item, actor=world.officer) == 1
        with pytest.raises(TransitionNotAllowed):
            services.retry_failed_emails(newsletter=item, actor=world.officer)
    delivery = deliveries(item)[("Stowarzyszenie Przyjaciół Ziemi Koszalińskiej", Channel.EMAIL)]
    assert (delivery.status, delivery.email, delivery.error) == (DeliveryStatus.SENT, "nowy@ngo.example.pl", "")
    assert [m.to for m in mail.outbox] == [["nowy@ngo.example.pl"]]
