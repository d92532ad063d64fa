"""Access-matrix rows for grants: offers."""

ROWS = {}
