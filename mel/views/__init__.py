"""HTML pages of the MEL app (under /p/<partnership_slug>/mel/)."""
