"""Information exchange (P1.A2): NGO news and events, newsletters with receipt confirmation."""
