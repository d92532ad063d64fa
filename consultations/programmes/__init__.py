"""Cooperation programmes (P1.A5) and their implementation reports."""
