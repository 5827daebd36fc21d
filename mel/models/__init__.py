from mel.models.choices import (
    Aggregation,
    Direction,
    Frequency,
    IndicatorType,
    MeasurementStatus,
    Pillar,
    Unit,
)
from mel.models.framework import Framework, Result
from mel.models.imports import ImportBatch
from mel.models.indicators import Disaggregation, Indicator, IndicatorPeriod, LibraryIndicator
from mel.models.measurements import (
    Measurement,
    MeasurementEvidence,
    MeasurementRevision,
    PeriodLock,
    Target,
)
from mel.models.reports import (
    DataReminder,
    ReportFormat,
    ReportRun,
    ReportSchedule,
    ScorecardSnapshot,
)

__all__ = [
    "Aggregation",
    "DataReminder",
    "Direction",
    "Disaggregation",
    "Framework",
    "Frequency",
    "ImportBatch",
    "Indicator",
    "IndicatorPeriod",
    "IndicatorType",
    "LibraryIndicator",
    "Measurement",
    "MeasurementEvidence",
    "MeasurementRevision",
    "MeasurementStatus",
    "PeriodLock",
    "Pillar",
    "ReportFormat",
    "ReportRun",
    "ReportSchedule",
    "Result",
    "ScorecardSnapshot",
    "Target",
    "Unit",
]
