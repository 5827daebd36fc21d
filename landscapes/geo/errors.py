from typing import Any


class BoundaryError(Exception):
    """A boundary file or geometry that cannot be accepted.

    ``message`` is a sentence a person can act on; ``code`` is a stable machine-readable
    reason and ``detail`` carries extra facts for the API (e.g. the location of a problem).
    """

    def __init__(self, message: Any, *, code: str = "invalid", detail: dict | None = None):
        self.message = str(message)
        self.code = code
        self.detail = {"code": code, **(detail or {})}
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message
