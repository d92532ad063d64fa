"""Permissions of information exchange (consultations/information/rules.py): default deny."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django_scopes import scopes_disabled

from consultations.information.enums import PostStatus
from consultations.information.models import NgoPost
from tests.browser.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def make_post(world, status, municipality=None):
    with scopes_disabled():
        return NgoPost.objects.create(municipality=municipality or world.municipality, organization=world.organization,
                                      title="T", text="X", status=status)


def test_manage_information_is_for_the_municipalitys_officers_and_admins(world):
    allowed = {name for name in ["officer", "other_officer", "owner", "editor", "resident", "admin"]
               if getattr(world, name).has_perm("consultations.manage_information", world.municipality)}
    assert allowed == {"officer", "admin"}
    assert not AnonymousUser().has_perm("consultations.manage_information", world.municipality)


@pytest.mark.parametrize("status", [PostStatus.PENDING, PostStatus.DECLINED, PostStatus.WITHDRAWN])
def test_unpublished_post_is_seen_by_its_members_and_the_officers_only(world, status):
    post = make_post(world, status)
    seen = {name for name in ["officer", "other_officer", "owner", "editor", "resident", "admin"]
            if getattr(world, name).has_perm("consultations.view_ngo_post", post)}
    assert seen == {"officer", "owner", "editor", "admin"}
    assert not AnonymousUser().has_perm("consultations.view_ngo_post", post)


def test_published_post_is_public(world):
    post = make_post(world, PostStatus.PUBLISHED)
    assert AnonymousUser().has_perm("consultations.view_ngo_post", post)
    assert world.resident.has_perm("consultations.view_ngo_post", post)


def test_another_municipalitys_officer_does_not_see_a_pending_post(world):
    post = make_post(world, PostStatus.PENDING, municipality=world.other_municipality)
    assert not world.officer.has_perm("consultations.view_ngo_post", post)
    assert world.other_officer.has_perm("consultations.view_ngo_post", post)


@pytest.mark.parametrize(("status", "members_may"), [
    (PostStatus.PENDING, True), (PostStatus.DECLINED, True), (PostStatus.PUBLISHED, False),
    (PostStatus.WITHDRAWN, False)])
def test_members_change_a_post_only_before_approval(world, status, members_may):
    post = make_post(world, status)
    assert world.owner.has_perm("consultations.change_ngo_post", post) is members_may
    assert world.editor.has_perm("consultations.change_ngo_post", post) is members_may
    assert not world.officer.has_perm("consultations.change_ngo_post", post)
    assert not world.resident.has_perm("consultations.change_ngo_post", post)


def test_submit_and_subscription_are_for_the_organizations_members(world):
    for perm in ["consultations.submit_ngo_post", "consultations.manage_newsletter_subscription"]:
        assert world.owner.has_perm(perm, world.organization)
        assert world.editor.has_perm(perm, world.organization)
        assert not world.resident.has_perm(perm, world.organization)
        assert not world.officer.has_perm(perm, world.organization)
        assert not world.owner.has_perm(perm, world.pending_organization)
