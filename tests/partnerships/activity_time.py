"""Moving recorded changes in time: pghistory stamps events with the database's
transaction time, which frozen Python time (time-machine) does not reach."""

import datetime

from partnerships.selectors import event_source


def set_event_time(model, when: datetime.datetime, **lookup) -> int:
    """Move the recorded changes of ``model`` matching ``lookup`` (fields of its event
    table) to ``when``; returns how many moved."""
    event_model, _column = event_source(model)
    return event_model.objects.filter(**lookup).update(pgh_created_at=when)
