"""The municipality's navigation, built from the feature registry (cooperation.features) so that a new feature
appears in it by registering itself: "Overview", one disclosure per plane of the Model listing the features
with a public page, then the standards tracker, the cooperation quality index and, for officers, the panel.

`{% municipality_sections as nav %}` in templates/cooperation/includes/municipality_nav.html. No query: the
URLs come from the registry's URL names, the planes' names from the Model's reference data in code
(cooperation.reference.model, the same text the migration loads), and the officer flag from the context
processor. The current section is the link whose URL is the longest prefix of the request's path (the
overview counts only on its own page), so every page of a feature marks that feature and its plane."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .. import features
from ..reference.model import PLANES

register = template.Library()

# Features pinned after the plane groups, in this order, with the short titles the bar has always used.
PINNED = (("tracker", _("Standards tracker")), ("lijw", _("Cooperation quality index")))
PLANE_CODES = tuple(code for code, *_rest in PLANES)


@dataclass
class NavLink:
    key: str
    title: str
    href: str
    current: bool = False


@dataclass
class NavGroup:
    code: str
    title: str
    links: list[NavLink]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


@dataclass
class MunicipalityNav:
    overview: NavLink
    groups: list[NavGroup]
    pinned: list[NavLink]
    panel: NavLink | None

    @property
    def links(self) -> list[NavLink]:
        """Every link, in the order of the bar."""
        found = [self.overview, *(link for group in self.groups for link in group.links), *self.pinned]
        return found + ([self.panel] if self.panel else [])


def plane_title(code: str) -> str:
    """The plane's short name in the active language, from the Model's reference data (no query)."""
    english = (get_language() or "pl").startswith("en")
    for plane_code, _name_pl, _name_en, short_pl, short_en, *_rest in PLANES:
        if plane_code == code:
            return short_en if english else short_pl
    return code


def _href(name: str | None, slug: str) -> str:
    """The URL of `name` in the municipality, or "" for a feature without a public page (or one whose URL is
    not routed yet: a page under construction must not break every municipal page)."""
    if not name:
        return ""
    try:
        return reverse(name, kwargs={"municipality_slug": slug})
    except NoReverseMatch:
        return ""


def build_nav(municipality, path: str, *, officer: bool) -> MunicipalityNav:
    slug = municipality.slug
    registered = features.REGISTRY.features
    overview = NavLink("overview", _("Overview"), _href("cooperation:municipality_detail", slug))
    pinned = []
    for key, title in PINNED:
        feature = registered.get(key)
        href = _href(feature.public_url, slug) if feature else ""
        if href:
            pinned.append(NavLink(key, title, href))
    seen = {overview.href, *(link.href for link in pinned)}
    grouped: dict[str, list[NavLink]] = {}
    for feature in features.features():
        if feature.plane not in PLANE_CODES:
            continue
        href = _href(feature.public_url, slug)
        if href and href not in seen:  # one link per page (the procedures live on the tracker)
            seen.add(href)
            grouped.setdefault(feature.plane, []).append(NavLink(feature.key, feature.title, href))
    groups = [NavGroup(code, plane_title(code), grouped[code]) for code in PLANE_CODES if code in grouped]
    panel_href = _href("cooperation:panel", slug) if officer else ""
    panel = NavLink("panel", _("Officer panel"), panel_href) if panel_href else None
    nav = MunicipalityNav(overview, groups, pinned, panel)
    _mark_current(nav, path)
    return nav


def _mark_current(nav: MunicipalityNav, path: str) -> None:
    if path == nav.overview.href:
        nav.overview.current = True
        return
    candidates = [link for link in nav.links if link is not nav.overview and path.startswith(link.href)]
    if candidates:
        max(candidates, key=lambda link: len(link.href)).current = True


@register.simple_tag(takes_context=True)
def municipality_sections(context) -> MunicipalityNav | None:
    """The navigation of the current municipality (`current_municipality` and `can_manage_municipality` from
    cooperation.context_processors.portal), or None outside a municipality."""
    municipality = context.get("current_municipality")
    request = context.get("request")
    if municipality is None or request is None:
        return None
    return build_nav(municipality, request.path, officer=bool(context.get("can_manage_municipality")))
