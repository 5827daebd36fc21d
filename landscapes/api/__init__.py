"""/api/v1/ endpoints of the landscapes app."""
