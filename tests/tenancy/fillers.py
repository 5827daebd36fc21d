"""Values for URL keyword arguments in the isolation harness: each filler creates a
row in the given partnership and returns what goes into the URL. Every module
``tests/tenancy/fillers_<area>.py`` is loaded; register with ``@register_filler``."""

import pkgutil
from importlib import import_module
from pathlib import Path

for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
    if module.name.startswith("fillers_"):
        import_module(f"tests.tenancy.{module.name}")
