"""URL kwarg fillers for the MEL report pages."""

import datetime

from mel.models import ReportRun, ReportSchedule
from tests.tenancy.harness import register_filler


def _schedule(partnership):
    return ReportSchedule.objects.create(partnership=partnership, frequency="monthly")


@register_filler("report_schedule_uuid")
def _schedule_uuid(partnership):
    return _schedule(partnership).uuid


@register_filler("report_run_uuid")
def _run_uuid(partnership):
    return ReportRun.objects.create(
        partnership=partnership,
        schedule=_schedule(partnership),
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 1, 31),
    ).uuid
