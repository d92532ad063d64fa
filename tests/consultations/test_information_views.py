"""Pages of information exchange: the public NGO page, the NGO's posts, the token pages, the officer's panel,
newsletters and statistics; leaks (another municipality, another NGO's drafts) and query counts."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext
from django_scopes import scopes_disabled

from consultations.information import selectors, services
from consultations.information.enums import Channel, DeliveryStatus, PostStatus
from consultations.information.models import Delivery, Newsletter, NewsletterOptOut, NgoPost
from cooperation.enums import MembershipRole, OrganizationLinkStatus
from cooperation.models import Membership, OrganizationMunicipality
from tests.browser.world import build_world
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
BASE = "/jst/koszalin/informacje/"


@pytest.fixture(autouse=True)
def _on_commit_at_once(monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def world(db, _on_commit_at_once):
    built = build_world()
    mail.outbox.clear()
    return built


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post(world, *, status=PostStatus.PUBLISHED, title="Sprzątanie rzeki", organization=None, municipality=None,
         **fields):
    organization = organization or world.organization
    municipality = municipality or world.municipality
    with scopes_disabled():
        item = NgoPost.objects.create(municipality=municipality, organization=organization, title=title,
                                      text=fields.pop("text", "Zapraszamy.\n\nDrugi akapit."), status=status,
                                      published_at=timezone.now() if status == PostStatus.PUBLISHED else None,
                                      **fields)
    return item


def other_ngo(world, name="Fundacja Obca"):
    with scopes_disabled():
        organization = OrganizationFactory(name=name)
        OrganizationMunicipality.objects.create(organization=organization, municipality=world.municipality,
                                                status=OrganizationLinkStatus.CONFIRMED)
        member = UserFactory(email="obca@ngo.example.pl")
        Membership.objects.create(organization=organization, user=member, role=MembershipRole.OWNER)
    return organization, member


def sent_newsletter(world, municipality=None, officer=None, subject="Zaproszenie"):
    with scopes_disabled():
        item = services.create_newsletter(municipality=municipality or world.municipality,
                                          actor=officer or world.officer, subject=subject, text="Treść.",
                                          reply_to="ngo@koszalin.example.pl")
        services.send_newsletter(newsletter=item, actor=officer or world.officer)
    return item


# --- The public NGO page -----------------------------------------------------------------------------------------


def test_public_list_shows_published_posts_only_newest_first(world):
    older = post(world, title="Starsze")
    with scopes_disabled():
        NgoPost.objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=2))
    post(world, title="Nowsze")
    post(world, title="Czeka", status=PostStatus.PENDING)
    post(world, title="Odrzucone", status=PostStatus.DECLINED)
    response = client_for().get(BASE)
    titles = [p.title for p in response.context["page"].object_list]
    assert titles == ["Nowsze", "Starsze"]
    assert "Czeka" not in response.content.decode()


def test_filters_news_events_and_upcoming(world):
    post(world, title="Wiadomość")
    post(world, title="Minione", kind="event", starts_at=timezone.now() - timedelta(days=1))
    post(world, title="Za tydzień", kind="event", starts_at=timezone.now() + timedelta(days=7))
    post(world, title="Jutro", kind="event", starts_at=timezone.now() + timedelta(days=1))
    titles = lambda query: [p.title for p in client_for().get(BASE + query).context["page"].object_list]  # noqa: E731
    assert titles("?kind=news") == ["Wiadomość"]
    assert sorted(titles("?kind=event")) == ["Jutro", "Minione", "Za tydzień"]
    assert titles("?upcoming=on") == ["Jutro", "Za tydzień"]


def test_another_municipalitys_post_is_not_on_the_list_nor_found(world):
    theirs = post(world, title="Będzińskie", municipality=world.other_municipality)
    assert "Będzińskie" not in client_for().get(BASE).content.decode()
    assert client_for(world.admin).get(f"{BASE}{theirs.pk}/").status_code == 404


def test_detail_shows_paragraphs_and_link(world):
    item = post(world, link="https://ngo.example.pl/wydarzenie")
    body = client_for().get(f"{BASE}{item.pk}/").content.decode()
    assert "<p>Zapraszamy.</p>" in body and "<p>Drugi akapit.</p>" in body
    assert 'href="https://ngo.example.pl/wydarzenie"' in body


def test_text_is_escaped(world):
    item = post(world, text="<script>alert(1)</script>")
    body = client_for().get(f"{BASE}{item.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_another_ngos_pending_post_is_not_visible(world):
    organization, member = other_ngo(world)
    theirs = post(world, title="Szkic obcy", status=PostStatus.PENDING, organization=organization)
    assert client_for(world.owner).get(f"{BASE}{theirs.pk}/").status_code == 404
    assert client_for(member).get(f"{BASE}{theirs.pk}/").status_code == 200
    assert client_for(world.officer).get(f"{BASE}{theirs.pk}/").status_code == 200
    assert client_for(world.other_officer).get(f"{BASE}{theirs.pk}/").status_code == 404
    my_page = client_for(world.owner).get(f"{BASE}ogloszenia/moje/").content.decode()
    assert "Szkic obcy" not in my_page


def test_atom_feed_lists_published_posts(world):
    post(world, title="W kanale")
    post(world, title="Nie w kanale", status=PostStatus.PENDING)
    response = client_for().get(f"{BASE}kanal.xml")
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "W kanale" in body and "Nie w kanale" not in body


def test_public_list_query_count_does_not_grow(world, django_assert_max_num_queries):
    post(world)
    with django_assert_max_num_queries(8):
        client_for().get(BASE)
    for n in range(25):
        post(world, title=f"Post {n}")
    with django_assert_max_num_queries(8):
        assert client_for().get(BASE).status_code == 200


# --- The NGO's side ----------------------------------------------------------------------------------------------


def test_member_submits_a_post_and_sees_it_awaiting_approval(world):
    response = client_for(world.editor).post(f"{BASE}ogloszenia/nowe/", {
        "organization": world.organization.pk, "kind": "event", "title": "Warsztaty", "text": "Zapraszamy.",
        "starts_at": "2030-05-01T10:00", "place": "Sala 2", "link": ""})
    with scopes_disabled():
        item = NgoPost.objects.get(title="Warsztaty")
    assert response.status_code == 302 and response["Location"] == f"{BASE}{item.pk}/"
    assert item.status == PostStatus.PENDING and item.submitted_by == world.editor
    assert timezone.localtime(item.starts_at).strftime("%Y-%m-%d %H:%M") == "2030-05-01 10:00"
    assert mail.outbox[-1].to == ["urzednik.koszalin@wspolpraca.test"]


def test_event_without_date_shows_the_error_next_to_the_field(world):
    response = client_for(world.owner).post(f"{BASE}ogloszenia/nowe/", {
        "organization": world.organization.pk, "kind": "event", "title": "Warsztaty", "text": "X"})
    assert response.status_code == 200
    assert response.context["form"].errors["starts_at"] == [gettext("Give the date and time of the event.")]


def test_resident_without_organization_cannot_submit(world):
    assert client_for(world.resident).get(f"{BASE}ogloszenia/nowe/").status_code == 403


def test_member_cannot_submit_for_an_organization_not_confirmed_here(world):
    owner = world.pending_organization.memberships.first().user
    assert client_for(owner).get(f"{BASE}ogloszenia/nowe/").status_code == 403


def test_member_edits_and_withdraws_before_approval(world):
    item = post(world, status=PostStatus.PENDING)
    response = client_for(world.owner).post(f"{BASE}ogloszenia/{item.pk}/edycja/", {
        "kind": "news", "title": "Poprawiony tytuł", "text": "Nowa treść."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Poprawiony tytuł"
    client_for(world.owner).post(f"{BASE}ogloszenia/{item.pk}/wycofaj/")
    item.refresh_from_db()
    assert item.status == PostStatus.WITHDRAWN


def test_published_post_cannot_be_edited_by_the_ngo(world):
    item = post(world)
    assert client_for(world.owner).get(f"{BASE}ogloszenia/{item.pk}/edycja/").status_code == 403


def test_declined_post_shows_the_reason_to_its_organization(world):
    item = post(world, status=PostStatus.DECLINED, decline_reason="Treść reklamowa.")
    assert "Treść reklamowa." in client_for(world.owner).get(f"{BASE}ogloszenia/moje/").content.decode()
    assert "Treść reklamowa." in client_for(world.owner).get(f"{BASE}{item.pk}/").content.decode()


def test_member_unsubscribes_and_subscribes_again_from_settings(world):
    url = f"{BASE}subskrypcja/{world.organization.pk}/"
    client_for(world.owner).post(url, {"subscribe": "0"})
    with scopes_disabled():
        assert NewsletterOptOut.objects.filter(organization=world.organization).exists()
    client_for(world.owner).post(url, {"subscribe": "1"})
    with scopes_disabled():
        assert not NewsletterOptOut.objects.filter(organization=world.organization).exists()
    assert client_for(world.resident).get(url).status_code == 403


# --- Token pages -------------------------------------------------------------------------------------------------


def token_of(message) -> str:
    return re.search(r"/informacje/odbior/([^/]+)/", message.body).group(1)


def test_receipt_page_confirms_once_and_takes_a_reply_without_login(world):
    item = sent_newsletter(world)
    token = token_of(mail.outbox[0])
    url = f"{BASE}odbior/{token}/"
    page = client_for().get(url)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    assert client_for().post(url, {"action": "confirm"}).status_code == 302
    with scopes_disabled():
        delivery = Delivery.objects.get(newsletter=item, channel=Channel.EMAIL)
    first = delivery.confirmed_at
    client_for().post(url, {"action": "confirm"})
    delivery.refresh_from_db()
    assert delivery.confirmed_at == first is not None
    client_for().post(url, {"action": "reply", "text": "Będziemy."})
    delivery.refresh_from_db()
    assert delivery.reply == "Będziemy."
    assert mail.outbox[-1].to == ["ngo@koszalin.example.pl"]


def test_unknown_token_and_another_municipalitys_address_are_404(world):
    sent_newsletter(world)
    token = token_of(mail.outbox[0])
    assert client_for().get(f"{BASE}odbior/nie-ma-takiego/").status_code == 404
    assert client_for().get(f"/jst/bedzino/informacje/odbior/{token}/").status_code == 404


def test_one_click_unsubscribe_without_csrf(world):
    sent_newsletter(world)
    token = token_of(mail.outbox[0])
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{BASE}wypisz/{token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    with scopes_disabled():
        assert NewsletterOptOut.objects.filter(organization=world.organization,
                                               municipality=world.municipality).exists()
    client_for().post(f"{BASE}odbior/{token}/", {"action": "subscribe"})
    with scopes_disabled():
        assert not NewsletterOptOut.objects.filter(organization=world.organization).exists()


# --- The officer's pages -----------------------------------------------------------------------------------------


def test_officer_approves_a_post_from_the_panel(world):
    item = post(world, status=PostStatus.PENDING, title="Do zatwierdzenia")
    panel = client_for(world.officer).get(f"{BASE}panel/")
    assert [p.title for p in panel.context["pending"]] == ["Do zatwierdzenia"]
    client_for(world.officer).post(f"{BASE}panel/ogloszenia/{item.pk}/zatwierdz/")
    item.refresh_from_db()
    assert item.status == PostStatus.PUBLISHED


def test_officer_declines_with_a_reason_and_without_one_sees_the_error(world):
    item = post(world, status=PostStatus.PENDING)
    response = client_for(world.officer).post(f"{BASE}panel/ogloszenia/{item.pk}/odrzuc/", {"reason": ""})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    client_for(world.officer).post(f"{BASE}panel/ogloszenia/{item.pk}/odrzuc/", {"reason": "Reklama."})
    item.refresh_from_db()
    assert (item.status, item.decline_reason) == (PostStatus.DECLINED, "Reklama.")


def test_officer_writes_previews_and_sends_a_newsletter(world):
    with scopes_disabled():
        poczta = OrganizationFactory(name="Fundacja Poczta", wants_email=False, wants_post=True)
        OrganizationMunicipality.objects.create(organization=poczta, municipality=world.municipality,
                                                status=OrganizationLinkStatus.CONFIRMED)
    response = client_for(world.officer).post(f"{BASE}panel/biuletyny/nowy/", {
        "subject": "Spotkanie roczne", "text": "Zapraszamy.", "attachment_url": "", "audience": "all",
        "reply_to": "ngo@koszalin.example.pl"})
    with scopes_disabled():
        item = Newsletter.objects.get(subject="Spotkanie roczne")
    assert response["Location"] == f"{BASE}panel/biuletyny/{item.pk}/"
    preview = client_for(world.officer).get(f"{BASE}panel/biuletyny/{item.pk}/")
    split = preview.context["split"]
    assert ([o.name for o in split.email_only], [o.name for o in split.post_only]) == (
        ["Stowarzyszenie Przyjaciół Ziemi Koszalińskiej"], ["Fundacja Poczta"])
    response = client_for(world.officer).post(f"{BASE}panel/biuletyny/{item.pk}/wyslij/")
    assert response["Location"] == f"{BASE}panel/biuletyny/{item.pk}/statystyki/"
    assert [m.subject for m in mail.outbox] == ["Spotkanie roczne"]
    stats = client_for(world.officer).get(response["Location"]).context["stats"]
    assert (stats["recipients"], stats["sent"], stats["letters"], stats["confirmed"]) == (2, 1, 1, 0)
    client_for(world.officer).post(f"{BASE}panel/biuletyny/{item.pk}/listy-wyslane/")
    with scopes_disabled():
        assert Delivery.objects.get(newsletter=item, channel=Channel.POST).status == DeliveryStatus.SENT


def test_another_municipalitys_newsletter_is_not_found(world):
    with scopes_disabled():
        OrganizationMunicipality.objects.create(organization=world.organization, municipality=world.other_municipality,
                                                status=OrganizationLinkStatus.CONFIRMED)
    theirs = sent_newsletter(world, municipality=world.other_municipality, officer=world.other_officer)
    for suffix in ["", "statystyki/", "listy.pdf", "etykiety.pdf"]:
        assert client_for(world.officer).get(f"{BASE}panel/biuletyny/{theirs.pk}/{suffix}").status_code == 404
    assert "Zaproszenie" not in client_for(world.officer).get(f"{BASE}panel/").content.decode()


def test_officer_pages_refuse_others(world):
    item = sent_newsletter(world)
    for user, expected in [(world.owner, 403), (world.resident, 403), (world.other_officer, 403)]:
        assert client_for(user).get(f"{BASE}panel/biuletyny/{item.pk}/statystyki/").status_code == expected
    assert client_for().get(f"{BASE}panel/").status_code == 302


def test_panel_and_statistics_query_counts_do_not_grow(world, django_assert_max_num_queries):
    item = sent_newsletter(world)
    officer = client_for(world.officer)
    with django_assert_max_num_queries(14):
        officer.get(f"{BASE}panel/")
    with django_assert_max_num_queries(14):
        officer.get(f"{BASE}panel/biuletyny/{item.pk}/statystyki/")
    with scopes_disabled():
        for n in range(30):
            organization = OrganizationFactory(name=f"Fundacja {n}", wants_post=n % 2 == 0)
            OrganizationMunicipality.objects.create(organization=organization, municipality=world.municipality,
                                                    status=OrganizationLinkStatus.CONFIRMED)
    for n in range(5):
        sent_newsletter(world, subject=f"Numer {n}")
        post(world, status=PostStatus.PENDING, title=f"Czeka {n}")
    with scopes_disabled():
        big = Newsletter.objects.get(subject="Numer 4")
        for delivery in Delivery.objects.filter(newsletter=big, channel=Channel.EMAIL)[:10]:
            services.confirm_receipt(delivery=delivery)
    with django_assert_max_num_queries(14):
        officer.get(f"{BASE}panel/")
    with django_assert_max_num_queries(14):
        response = officer.get(f"{BASE}panel/biuletyny/{big.pk}/statystyki/")
    assert response.context["stats"]["confirmed"] == 10
    with scopes_disabled():
        draft = services.create_newsletter(municipality=world.municipality, actor=world.officer, subject="Szkic",
                                           text="T", reply_to="ngo@koszalin.example.pl")
    with django_assert_max_num_queries(14):
        preview = officer.get(f"{BASE}panel/biuletyny/{draft.pk}/")
    assert preview.context["split"].count == 31
    assert selectors.percent(1, 3) == 33
