"""The unaccent extension and the ``simple_unaccent`` text search configuration used by
global search (hub/search/postgres.py): words lower-cased and without accents, not
stemmed."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0004_idempotencyrecord"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunSQL(
            sql=[
                "CREATE TEXT SEARCH CONFIGURATION simple_unaccent (COPY = simple)",
                "ALTER TEXT SEARCH CONFIGURATION simple_unaccent "
                "ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, "
                "hword_part WITH unaccent, simple",
            ],
            reverse_sql=["DROP TEXT SEARCH CONFIGURATION IF EXISTS simple_unaccent"],
        ),
    ]
