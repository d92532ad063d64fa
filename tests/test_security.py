"""Project-wide security invariants (issue #8), checked over every model and every page the access matrix
knows, so that a new feature is covered the day it gets its URL rows:

- every uploaded or generated file is stored in the private storage (outside the public media root) and can
  only be reached through a view that checks permissions; the one exception is organization logos, which are
  Pillow-checked images served from their own folder;
- every page a visitor can open carries the security headers (a CSP without unsafe-inline, no framing,
  nosniff) and has no inline script or style for the CSP to block.
"""

import re

import pytest
from django.apps import apps
from django.core.files.storage import storages
from django.db import models, transaction
from django.urls import reverse

from tests.test_access_matrix import ALL_ROWS, clients, world  # noqa: F401  (fixtures)

PUBLIC_FILE_FIELDS = {("cooperation.Organization", "logo")}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)


def _project_models():
    for model in apps.get_models():
        if model._meta.app_label in {"cooperation", "consultations", "grants", "self_assessment"}:
            yield model


def test_every_file_field_is_private_except_organization_logos():
    public = []
    checked = 0
    for model in _project_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                checked += 1
                if field.storage is not storages["private"] and (model._meta.label, field.name) not in PUBLIC_FILE_FIELDS:
                    public.append(f"{model._meta.label}.{field.name}")
    assert checked > 10  # the check must see the portal's files (PDFs, attachments, evidence, minutes...)
    assert public == [], f"files stored in the public media root: {public}"


def test_organization_logos_are_images_checked_by_pillow():
    from cooperation.models import Organization

    assert isinstance(Organization._meta.get_field("logo"), models.ImageField)


def _public_pages():
    for name, rows in sorted(ALL_ROWS.items()):
        for item in rows if isinstance(rows, list) else [rows]:
            if item["method"] == "get" and not item["data"] and item["expect"]["anonymous"] == 200:
                yield pytest.param(name, item, id=f"{name}[{item['case']}]" if item["case"] else name)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "item"), list(_public_pages()))
def test_public_page_has_security_headers_and_nothing_inline(world, clients, name, item):  # noqa: F811
    url = reverse(name, kwargs=item["kwargs"](world))
    with transaction.atomic():
        response = clients["anonymous"].get(url)
        transaction.set_rollback(True)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    if "html" in response.get("Content-Type", ""):
        html = response.content.decode()
        assert INLINE_SCRIPT.findall(html) == [], "inline <script> (blocked by the CSP)"
        assert STYLE_ATTRIBUTE.findall(html) == [], "style attribute (blocked by the CSP)"
        assert EVENT_HANDLER.findall(html) == [], "inline event handler (blocked by the CSP)"
        assert STYLE_ELEMENT.findall(html) == [], "<style> element (blocked by the CSP)"


def test_there_are_public_pages_to_check():
    assert len(list(_public_pages())) > 40


def test_private_files_live_outside_the_public_media_root(settings):
    from pathlib import Path

    private_root = Path(storages["private"].location).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    assert media_root not in private_root.parents and private_root != media_root
