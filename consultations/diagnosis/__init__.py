"""Local diagnosis (P1.A1): the eight indicator groups, yearly values with sources, a public dashboard."""
