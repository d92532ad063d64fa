"""What information exchange registers with cooperation.features (open tasks, evidence, year figures) and its
demo data."""

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations.information import demo, features, services
from consultations.information.enums import Channel, NewsletterStatus, PostStatus
from consultations.information.models import Delivery, Newsletter, NgoPost
from cooperation import features as registry
from tests.browser.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())
    built = build_world()
    mail.outbox.clear()
    return built


def test_feature_is_registered_for_both_standards():
    feature = registry.REGISTRY.features["information"]
    assert feature.standards == ("P1.A2.T1.S1", "P1.A2.T2.S1")
    assert (feature.public_url, feature.panel_url, feature.plane) == ("information:post_list", "information:panel",
                                                                       "P1")
    assert "information" in [f.key for f in registry.features_for_standard("P1.A2.T1.S1")]
    assert "information" in [f.key for f in registry.features_for_standard("P1.A2.T2.S1")]


def test_demo_seeds_posts_and_a_newsletter_with_confirmations_once(world):
    demo.seed([world.municipality, world.other_municipality], [world.officer, world.other_officer])
    demo.seed([world.municipality, world.other_municipality], [world.officer, world.other_officer])
    with scopes_disabled():
        posts = NgoPost.objects.filter(municipality=world.municipality)
        assert sorted(posts.values_list("status", flat=True)) == ["pending", "published", "published", "published"]
        newsletter = Newsletter.objects.get(municipality=world.municipality)
        assert newsletter.status == NewsletterStatus.SENT
        email = Delivery.objects.get(newsletter=newsletter, channel=Channel.EMAIL)
        assert email.status == "sent" and email.confirmed_at is not None and email.reply


def test_open_tasks_evidence_and_year_figures_follow_the_data(world):
    demo.seed([world.municipality, world.other_municipality], [world.officer, world.other_officer])
    [task] = features.open_tasks(world.municipality)
    assert (task.count, task.url) == (1, "/jst/koszalin/informacje/panel/#pending")
    found = features.evidence(world.municipality)
    assert sorted(found) == ["P1.A2.T1.S1", "P1.A2.T2.S1"]
    assert len(found["P1.A2.T2.S1"]) == 3
    assert found["P1.A2.T1.S1"][0].url == ""  # the statistics page is the officers': no link on a public page
    figures = {f.order: f.value for f in features.year_figures(world.municipality, timezone.localdate().year)}
    assert figures[40] == 1 and figures[42] == 3
    assert str(figures[41]).startswith("100")
    assert features.evidence(world.other_municipality) == {}
    assert [t.count for t in features.open_tasks(world.other_municipality)] == [0]


def test_a_newsletter_without_confirmations_is_no_evidence(world):
    with scopes_disabled():
        item = services.create_newsletter(municipality=world.municipality, actor=world.officer, subject="S", text="T",
                                          reply_to="ngo@koszalin.example.pl")
        services.send_newsletter(newsletter=item, actor=world.officer)
        NgoPost.objects.create(municipality=world.municipality, organization=world.organization, title="T", text="X",
                               status=PostStatus.PENDING)
    assert features.evidence(world.municipality) == {}
