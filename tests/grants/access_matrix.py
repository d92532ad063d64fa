"""Access-matrix rows for grants (picked up by tests/test_access_matrix.py), one module per stage."""

from . import access_awards, access_calls, access_evaluation, access_offers, access_small_grants

ROWS = {
    **access_calls.ROWS,
    **access_offers.ROWS,
    **access_evaluation.ROWS,
    **access_awards.ROWS,
    **access_small_grants.ROWS,
}
