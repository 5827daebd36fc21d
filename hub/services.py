"""Shared pieces for services across the apps."""


class ApplicationError(Exception):
    """A rule of the domain refused the request; ``message`` is shown to the person."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
