"""``python -m tests.perf`` (what ``make bench`` runs); see bench/README.md."""

import sys

from tests.perf.run import main

sys.exit(main(sys.argv[1:]))
