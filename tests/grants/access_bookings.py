"""Access-matrix rows for bookings (merged by tests/grants/access_matrix.py)."""

ROWS = {}
