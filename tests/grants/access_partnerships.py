"""Access-matrix rows for partnerships (merged by tests/grants/access_matrix.py)."""

ROWS = {}
