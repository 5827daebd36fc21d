import importlib

import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def taxonomy(request):
    """The seeded taxonomy (data migration 0002). Transactional tests elsewhere flush
    the database, so put the terms back when they are missing."""
    if "django_db_setup" not in request.fixturenames and not request.node.get_closest_marker(
        "django_db"
    ):
        return
    request.getfixturevalue("db")
    from landscapes.models import TaxonomyTerm

    if not TaxonomyTerm.objects.exists():
        migration = importlib.import_module("landscapes.migrations.0002_taxonomy_terms")
        migration.add_terms(apps, None)
