"""Access-matrix rows for diagnosis (merged by tests/consultations/access_matrix.py)."""

ROWS = {}
