"""Permissions of consultations as django-rules predicates. Default deny."""

import rules

from cooperation.rules import is_officer_of, is_platform_admin

# Object: the Municipality.
rules.add_perm("consultations.manage_consultations", is_platform_admin | is_officer_of)
rules.add_perm("consultations.comment", rules.is_authenticated)
