"""Every write and state change of grants, one module per stage: calls, offers, evaluation, awards (contracts
and reports) and small_grants (art. 19a)."""
