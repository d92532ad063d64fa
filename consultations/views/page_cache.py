"""Caching for the public page of a consultation (views.public.consultation_detail), which may show thousands
of comments with their answers, and for the pages of the search across municipalities (views.public.search).

For the consultation, two layers, both keyed by what they show, so that a change shows at once:
- the rendered list of comments, when it is the same for everyone who reads it (every comment may be read
  and no edit link can appear): keyed by the language and selectors.page_stamps' stamp of the comments, which
  changes with any comment added, edited, answered or deleted. Kept as UTF-8 and spliced into the rendered
  page at a mark: a list of 2,000 comments is 1.5 MB, and decoding it, joining it into the page's text and
  encoding the page again would cost more than all the rest of the page.
- the whole page for anonymous visitors (no query string, no message waiting): keyed by the host, the
  language, every field of the municipality and of the consultation, its state (which the clock changes), the
  stamps of its comments, versions, attachments and meetings, and the output of the parts of the page that
  show other apps' data (LIVE_PARTS, rendered on every request: one query). The CSRF token is put in per
  request. Signed-in visitors always get a rendered page (their name, their edit links, the follow button).

What no key can see, an organization renamed or an account anonymised, lasts at most FRAGMENT_TTL seconds.
Anything added to the page must be covered by the page key (or be in LIVE_PARTS).

For the search, the search itself runs on every request; an anonymous visitor may get the page rendered for
an earlier one when everything it shows is the same (search_page_key). These pages stay in the process
(RecentCopies only): anyone can ask for any number of different queries, and Redis must not fill with them.

Each process keeps copies of the entries it used last (RecentCopies) in front of the shared cache (Redis in
production): reading 1.5 MB from Redis costs more than serving the page from memory.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
from django.utils.translation import get_language

FRAGMENT_TTL = 300
FORMAT = 3  # part of every key: bump it when what is cached changes shape
# Parts of the page that show data of other apps, rendered on every request; their output is in the page key.
LIVE_PARTS = ("consultations/includes/council_opinion.html",)
# Where the cached comment list goes in the rendered page: unguessable, and comment texts are escaped anyway.
COMMENTS_MARK = f"<!-- comments {secrets.token_hex(8)} -->"


class RecentCopies:
    """This process's copies of the cache entries it used last (immutable values, their bytes at most
    `max_bytes` in all). An entry lapses FRAGMENT_TTL seconds after it was rendered, as in the shared cache."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.entries: OrderedDict[str, tuple[float, int, object]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if entry[0] + FRAGMENT_TTL <= time.time():
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key: str, rendered_at: float, size: int, value) -> None:
        if size > self.max_bytes:
            return
        with self.lock:
            if key in self.entries:
                self._drop(key)
            self.entries[key] = (rendered_at, size, value)
            self.size += size
            while self.size > self.max_bytes:
                self._drop(next(iter(self.entries)))

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0

    def _drop(self, key: str) -> None:
        self.size -= self.entries.pop(key)[1]


recent = RecentCopies(max_bytes=64 * 1024 * 1024)


def _cached(key: str, build: Callable[[], tuple[int, object]], *, shared: bool = True):
    """The value under `key`: from this process's copies, the shared cache (unless not `shared`), or build()
    (returning the value's size and the value), then kept there."""
    entry = recent.get(key)
    if entry is None:
        entry = cache.get(key) if shared else None
        if entry is None:
            size, value = build()
            entry = (time.time(), size, value)
            if shared:
                cache.set(key, entry, FRAGMENT_TTL)
        recent.put(key, *entry)
    return entry[2]


def comment_list_html(consultation, comments, stamp: str) -> bytes:
    """The rendered list of every comment of the consultation, without edit links (UTF-8)."""
    def build():
        html = get_template("consultations/public/includes/comment_list.html").render(
            {"comments": comments, "consultation": consultation, "municipality": consultation.municipality}
        ).encode()
        return len(html), html

    digest = hashlib.sha256(stamp.encode()).hexdigest()
    return _cached(f"consultations:comments:{consultation.pk}:{get_language()}:{digest}:{FORMAT}", build)


def splice(content: bytes, mark: str, part: bytes) -> bytes:
    before, found, after = content.partition(mark.encode())
    if not found:
        raise ValueError(f"the page has no mark {mark!r} to put a cached part at")
    return b"".join((before, part, after))


def _fields(instance, *, skip=()) -> list:
    return [getattr(instance, field.attname) for field in instance._meta.concrete_fields if field.name not in skip]


def _may_share(request) -> bool:
    """Whether this visitor may get a page rendered for another: anonymous, with no message waiting."""
    return not request.user.is_authenticated and not len(messages.get_messages(request))


def _key(kind: str, parts: list) -> str:
    return f"consultations:{kind}:{hashlib.sha256(repr(parts).encode()).hexdigest()}:{FORMAT}"


def anonymous_page_key(request, consultation, *, state: str, comments_public: bool, stamps) -> str | None:
    """The cache key of the consultation's page for this visitor, or None when it must be rendered for them
    (signed in, a message waiting, or a query string: the language form echoes it)."""
    if request.META.get("QUERY_STRING") or not _may_share(request):
        return None
    live = [render_to_string(name, {"consultation": consultation, "municipality": request.municipality})
            for name in LIVE_PARTS]
    parts = [
        request.scheme, request.get_host(), get_language(), _fields(request.municipality),
        _fields(consultation, skip={"search_document"}), state, comments_public,
        stamps.comments if comments_public else "", stamps.others, live,
    ]
    return _key(f"page:{consultation.pk}", parts)


def search_page_key(request, page, *, capped: bool, municipalities: list) -> str | None:
    """The cache key of a page of the search across municipalities for this visitor, or None when it must
    be rendered for them. The search itself runs for every request; the key holds what the page shows of
    its result: the query string (the form's values, the page number; the language form echoes it), the
    number of matches, every field of each listed consultation and of its municipality, its state (which the
    clock changes), and the municipalities offered in the filter."""
    if not _may_share(request):
        return None
    parts = [
        request.scheme, request.get_host(), get_language(), request.get_full_path(), page.number,
        page.paginator.count, capped, list(municipalities),
        [(_fields(c, skip={"search_document"}), c.public_state, _fields(c.municipality)) for c in page],
    ]
    return _key("search", parts)


def anonymous_page(request, key: str, render: Callable[[str], bytes], *, shared: bool = True) -> HttpResponse:
    """The page under `key`, from the cache or rendered by render(csrf_mark) (the page's bytes, with
    csrf_mark where the CSRF token goes), with this visitor's CSRF token put in. Pages of a search are kept
    in this process only (not `shared`): anyone can ask for any number of different queries."""
    def build():
        mark = secrets.token_hex(16)
        body = render(mark)
        return len(body), (mark, body)

    mark, body = _cached(key, build, shared=shared)
    if mark.encode() not in body:  # no form on the page: no token, no CSRF cookie (the page stays cacheable)
        return HttpResponse(body)
    return HttpResponse(body.replace(mark.encode(), get_token(request).encode()))
