"""Access-matrix rows for grants: small_grants."""

ROWS = {}
