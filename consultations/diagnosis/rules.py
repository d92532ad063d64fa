"""Permissions of the local diagnosis as django-rules predicates. Default deny."""

import rules

from cooperation.rules import is_officer_of, is_platform_admin


@rules.predicate
def is_published_indicator(user, indicator) -> bool:
    return indicator is not None and indicator.is_published


# Object: the Municipality. Indicators, their publication, values, imports, the starter set.
rules.add_perm("consultations.manage_diagnosis", is_platform_admin | is_officer_of)
# Object: an Indicator. Everyone reads a published one; unpublished ones are for the municipality's officers.
rules.add_perm("consultations.view_indicator", is_published_indicator | is_platform_admin | is_officer_of)
