"""Writes of the capacity app: each service checks the domain rules, refuses with an
``ApplicationError`` a person can act on (and then changes nothing)."""
