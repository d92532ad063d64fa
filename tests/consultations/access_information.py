"""Access-matrix rows for information (merged by tests/consultations/access_matrix.py)."""

ROWS = {}
