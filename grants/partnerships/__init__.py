"""Project and local partnerships (P2.A3, P3.A3): partners, goals, actions, agreement, engagement."""
