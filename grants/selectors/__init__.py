"""Reads of grants that are not trivial, above all what a user may see; one module per stage."""
