"""URL kwarg fillers for the MEL pages and endpoints."""

from tests.mel.factories import (
    EvidenceFactory,
    FrameworkFactory,
    ImportBatchFactory,
    IndicatorFactory,
    MeasurementFactory,
    PeriodLockFactory,
    ResultFactory,
)
from tests.tenancy.harness import register_filler


@register_filler("framework_uuid")
def _framework(partnership):
    return FrameworkFactory(partnership=partnership).uuid


@register_filler("result_uuid")
def _result(partnership):
    return ResultFactory(framework=FrameworkFactory(partnership=partnership)).uuid


@register_filler("indicator_uuid")
def _indicator(partnership):
    framework = FrameworkFactory(partnership=partnership)
    return IndicatorFactory(result=ResultFactory(framework=framework)).uuid


def _measurement_of(partnership, **kwargs):
    framework = FrameworkFactory(partnership=partnership)
    indicator = IndicatorFactory(result=ResultFactory(framework=framework))
    return MeasurementFactory(indicator=indicator, **kwargs)


@register_filler("measurement_uuid")
def _measurement(partnership):
    return _measurement_of(partnership, status="submitted").uuid


@register_filler("mel_evidence_uuid")
def _evidence(partnership):
    return EvidenceFactory(measurement=_measurement_of(partnership)).uuid


@register_filler("lock_uuid")
def _lock(partnership):
    return PeriodLockFactory(partnership=partnership).uuid


@register_filler("import_uuid")
def _batch(partnership):
    return ImportBatchFactory(partnership=partnership).uuid
