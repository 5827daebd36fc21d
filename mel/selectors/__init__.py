"""Reads of the MEL app, one module per area."""
