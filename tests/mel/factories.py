"""Factories for MEL rows; related rows stay in one partnership."""

import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from mel.models import (
    Disaggregation,
    Framework,
    ImportBatch,
    Indicator,
    LibraryIndicator,
    Measurement,
    MeasurementEvidence,
    PeriodLock,
    Result,
    Target,
)
from tests.partnerships.factories import PartnershipFactory


class LibraryIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LibraryIndicator

    code = factory.Sequence(lambda n: f"LIB-{n}")
    name = factory.Sequence(lambda n: f"Library indicator {n}")
    unit = "hectares"
    aggregation = "sum"
    is_published = True


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Framework {n}")


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    framework = factory.SubFactory(FrameworkFactory)
    partnership = factory.SelfAttribute("framework.partnership")
    title = factory.Sequence(lambda n: f"Result {n}")
    depth = 0


class DisaggregationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disaggregation

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Category {n}")
    values = ["Female", "Male"]


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    result = factory.SubFactory(ResultFactory)
    partnership = factory.SelfAttribute("result.partnership")
    code = factory.Sequence(lambda n: f"IND-{n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "number"
    aggregation = "sum"
    frequency = "quarterly"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    partnership = factory.SelfAttribute("indicator.partnership")
    period_start = datetime.date(2025, 1, 1)
    period_end = datetime.date(2025, 3, 31)
    value = Decimal(100)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    partnership = factory.SelfAttribute("indicator.partnership")
    period_start = datetime.date(2025, 1, 1)
    period_end = datetime.date(2025, 3, 31)
    value = Decimal(80)
    status = "draft"


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasurementEvidence

    measurement = factory.SubFactory(MeasurementFactory)
    partnership = factory.SelfAttribute("measurement.partnership")
    title = "Field report"
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 report", name="report.pdf"))


class PeriodLockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeriodLock

    partnership = factory.SubFactory(PartnershipFactory)
    start = datetime.date(2020, 1, 1)
    end = datetime.date(2020, 12, 31)


class ImportBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportBatch

    partnership = factory.SubFactory(PartnershipFactory)
    original_name = "data.csv"
    status = "failed"
    errors = factory.LazyFunction(
        lambda: [{"row": 2, "column": "value", "message": "Write a number."}]
    )
    error_count = 1
    file = factory.LazyFunction(
        lambda: ContentFile(b"indicator,period_start,value\n", name="data.csv")
    )
