"""Access-matrix rows for initiatives (merged by tests/grants/access_matrix.py)."""

ROWS = {}
