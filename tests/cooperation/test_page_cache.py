"""The anonymous page cache (cooperation/caching.py): public pages served from the cache to visitors who are
not signed in, never stale after a write through the services, never for anyone with a session."""

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse

from cooperation import caching, services
from cooperation.enums import StandardImplementation
from cooperation.models import Standard
from tests.browser.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 30


@pytest.fixture
def world():
    return build_world()


def _tracker(world) -> str:
    return reverse("cooperation:tracker", kwargs={"municipality_slug": world.municipality.slug})


def test_a_second_anonymous_visit_is_served_from_the_cache_with_the_same_page(client, world):
    first = client.get(_tracker(world))
    second = client.get(_tracker(world))
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert "unsafe-inline" not in second["Content-Security-Policy"]


def test_a_write_through_a_service_makes_the_cached_page_stale_at_once(
        client, world, django_capture_on_commit_callbacks):
    client.get(_tracker(world))
    standard = Standard.objects.get(code="P1.A1.T1.S1")
    with django_capture_on_commit_callbacks(execute=True):
        services.set_standard_status(municipality=world.municipality, standard=standard, actor=world.officer,
                                     status=StandardImplementation.IMPLEMENTED, responsible_person="Zofia Wskaźnikowa")
    response = client.get(_tracker(world))
    assert response["X-Page-Cache"] == "miss"
    assert "Zofia Wskaźnikowa" in response.content.decode()


def test_each_language_has_its_own_cached_page(world):
    polish, english = Client(), Client()
    english.cookies["django_language"] = "en"
    assert "Standardy" in polish.get(_tracker(world)).content.decode()
    page = english.get(_tracker(world))
    assert page["X-Page-Cache"] == "miss"
    assert "Standards tracker" in page.content.decode()


def test_signed_in_people_and_sessions_are_never_served_from_the_cache(client, world):
    client.get(_tracker(world))
    client.force_login(world.resident)
    response = client.get(_tracker(world))
    assert "X-Page-Cache" not in response
    assert response.context is not None  # rendered for this person, not taken from the cache


def test_officer_pages_are_never_cached(client, world):
    url = reverse("cooperation:panel", kwargs={"municipality_slug": world.municipality.slug})
    response = client.get(url)
    assert response.status_code == 302 and "X-Page-Cache" not in response


def test_a_page_that_used_a_csrf_token_is_not_stored():
    request = RequestFactory().get("/")
    get_token(request)
    assert caching.is_cacheable_response(request, HttpResponse("<form>")) is False
    assert caching.is_cacheable_response(RequestFactory().get("/"), HttpResponse("ok")) is True


def test_a_page_stored_at_an_older_version_is_a_miss_and_is_replaced(client, world):
    from django.core.cache import cache

    client.get(_tracker(world))
    caching.bump_public_version()  # what record_audit does after a commit
    response = client.get(_tracker(world))
    assert response["X-Page-Cache"] == "miss"
    key = caching.page_key(RequestFactory().get(_tracker(world)), "pl")
    stored_version, _page = cache.get(key)
    assert stored_version == caching.public_version()
    assert client.get(_tracker(world))["X-Page-Cache"] == "hit"


def test_pages_are_compressed_for_browsers_that_accept_gzip_and_cached_apart(client, world):
    import gzip

    plain = client.get(_tracker(world))
    packed = client.get(_tracker(world), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed["X-Page-Cache"] == "miss" and packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    again = client.get(_tracker(world), HTTP_ACCEPT_ENCODING="gzip")
    assert again["X-Page-Cache"] == "hit" and again["Content-Encoding"] == "gzip"
    assert len(again.content) < len(plain.content) / 3
    identity = client.get(_tracker(world))
    assert identity["X-Page-Cache"] == "hit" and not identity.has_header("Content-Encoding")


def test_only_text_is_compressed():
    from cooperation.middleware import TextCompressionMiddleware

    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    middleware = TextCompressionMiddleware(lambda request: None)
    pdf = HttpResponse(b"%PDF-1.7 " + b"0" * 5000, content_type="application/pdf")
    assert not middleware.process_response(request, pdf).has_header("Content-Encoding")
    feed = HttpResponse("<feed>" + "x" * 5000 + "</feed>", content_type="application/atom+xml; charset=utf-8")
    assert middleware.process_response(request, feed)["Content-Encoding"] == "gzip"


def test_the_redis_cache_reuses_one_client_per_connection_pool():
    from cooperation.caching import ResilientRedisCache

    redis_cache = ResilientRedisCache("redis://127.0.0.1:6379/0", {})
    client = redis_cache._cache.get_client("a")
    assert redis_cache._cache.get_client("b") is client
    assert redis_cache._cache.get_client("c", write=True) is client  # one server: reads and writes share a pool


def test_with_redis_unreachable_the_cache_fails_open_instead_of_failing_the_request():
    from cooperation.caching import ResilientRedisCache

    dead = ResilientRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    assert dead.get("page", "default") == "default"
    assert dead.set("page", "x", 30) is None
    assert dead.add("counter", 0, 30) is True
    assert dead.incr("counter") == 1
    assert dead.delete("page") is False


def test_with_the_broker_unreachable_queuing_a_task_is_logged_not_raised(caplog):
    from celery import Celery

    from config.celery import PortalTask

    app = Celery("drill", task_cls=PortalTask, broker="redis://127.0.0.1:1/0", set_as_current=False)
    app.conf.broker_connection_retry = False
    app.conf.task_publish_retry = False
    app.conf.broker_transport_options = {"socket_connect_timeout": 0.2}

    @app.task(name="drill.noop")
    def noop():
        return "done"

    assert noop.delay() is None
    assert "not queued" in caplog.text
