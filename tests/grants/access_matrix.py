"""Access-matrix rows for grants (picked up by tests/test_access_matrix.py), one module per stage or feature."""

from . import (
    access_awards,
    access_bookings,
    access_calls,
    access_evaluation,
    access_initiatives,
    access_offers,
    access_partnerships,
    access_small_grants,
)

ROWS = {
    **access_calls.ROWS,
    **access_offers.ROWS,
    **access_evaluation.ROWS,
    **access_awards.ROWS,
    **access_small_grants.ROWS,
    **access_bookings.ROWS,
    **access_partnerships.ROWS,
    **access_initiatives.ROWS,
}
