"""Permissions of the self-assessment. Respondents need no account: they hold a personal or open link."""

import rules

from cooperation.rules import is_officer_of, is_platform_admin

# Object: an Edition (or the Municipality when creating one).
rules.add_perm("self_assessment.manage_edition", is_platform_admin | is_officer_of)
