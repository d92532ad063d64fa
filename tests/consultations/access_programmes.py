"""Access-matrix rows for programmes (merged by tests/consultations/access_matrix.py)."""

ROWS = {}
