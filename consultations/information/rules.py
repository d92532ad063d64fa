"""Permissions of information exchange as django-rules predicates. Default deny.

Officer pages (posts awaiting approval, newsletters, statistics, letters and labels) are the municipality's
officers' and the platform administrators'. The confirmation and unsubscribe pages need no permission: the
token in their address is the proof (services find the delivery by its hash)."""

import rules

from cooperation.rules import is_officer_of, is_organization_member, is_platform_admin
from cooperation.selectors import organization_ids_of

from .enums import PostStatus


@rules.predicate
def is_published_post(user, post) -> bool:
    return post is not None and post.status == PostStatus.PUBLISHED


@rules.predicate
def is_post_member(user, post) -> bool:
    return post is not None and post.organization_id in organization_ids_of(user)


@rules.predicate
def is_open_post(user, post) -> bool:
    """Before approval: awaiting it, or declined (a change sends it back)."""
    return post is not None and post.status in (PostStatus.PENDING, PostStatus.DECLINED)


# Object: the Municipality. Approving posts, newsletters, their statistics, letters and labels.
rules.add_perm("consultations.manage_information", is_platform_admin | is_officer_of)
# Object: an NgoPost. Published ones are public; others are their organization's and the officers'.
rules.add_perm("consultations.view_ngo_post", is_published_post | is_post_member | is_platform_admin | is_officer_of)
# Object: an NgoPost. Its organization's members change or withdraw it until it is approved.
rules.add_perm("consultations.change_ngo_post", is_post_member & is_open_post)
# Object: the Organization on whose behalf a post is sent (the service checks it is confirmed in the municipality).
rules.add_perm("consultations.submit_ngo_post", is_organization_member)
# Object: the Organization. Turning the municipality's e-mail newsletters off and on again.
rules.add_perm("consultations.manage_newsletter_subscription", is_organization_member | is_platform_admin)
