"""Access-matrix rows for grants: evaluation."""

ROWS = {}
