"""Permissions of open calls. Default deny."""

import rules

from cooperation.rules import is_officer_of, is_platform_admin

from ..enums import CallStatus


@rules.predicate
def is_announced_call(user, call) -> bool:
    """Announced, decided and cancelled calls are public; drafts are not."""
    return call is not None and call.status != CallStatus.DRAFT


# Object: the Municipality. Creating, editing, publishing, copying and cancelling its calls; its grant rules.
rules.add_perm("grants.manage_calls", is_platform_admin | is_officer_of)
# Object: a Call. `is_officer_of` accepts a record with `municipality_id`.
rules.add_perm("grants.view_call", is_announced_call | is_platform_admin | is_officer_of)
