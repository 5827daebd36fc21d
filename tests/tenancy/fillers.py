"""Values for URL keyword arguments in the isolation harness: each creates a row in
the given partnership and returns what goes into the URL."""

from tests.tenancy.harness import register_filler  # noqa: F401
