"""Access-matrix rows for grants: calls."""

ROWS = {}
