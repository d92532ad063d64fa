"""Access-matrix rows for grants: awards."""

ROWS = {}
