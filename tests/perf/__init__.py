"""The benchmark suite (``make bench``): a scale dataset, gunicorn, a load generator.

Nothing here is collected by pytest: no module is named ``test_*.py``."""
