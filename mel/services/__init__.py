"""Writes of the MEL app, one module per area."""
