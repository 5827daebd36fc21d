"""Indicators and their reference sheet, disaggregations and the hub library."""

from __future__ import annotations

import re

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models import UUIDModel
from mel.models.choices import Aggregation, Direction, Frequency, IndicatorType, Pillar, Unit
from mel.models.framework import Result
from partnerships.tenancy import TenantModel

SDG_TARGET = re.compile(r"^(1[0-7]|[1-9])\.([1-9][0-9]?|[a-z])$")
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def validate_sdg_targets(values: list[str]) -> None:
    bad = [value for value in values if not SDG_TARGET.match(value)]
    if bad:
        raise ValidationError(
            _("Not an SDG target (e.g. 15.3 or 6.b): %(values)s"),
            params={"values": ", ".join(bad)},
        )


def validate_code(value: str) -> None:
    if not CODE_RE.match(value):
        raise ValidationError(_("Use letters, digits, dots, dashes and underscores, e.g. OUT-1.2."))


class ReferenceSheet(models.Model):
    """Fields shared by library indicators and a partnership's indicators."""

    code = models.CharField(_("code"), max_length=30, validators=[validate_code])
    name = models.CharField(_("name"), max_length=250)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.NUMBER)
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. USD.")
    )
    indicator_type = models.CharField(
        _("type"), max_length=10, choices=IndicatorType.choices, default=IndicatorType.OUTPUT
    )
    direction = models.CharField(
        _("direction of change"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.INCREASE,
    )
    aggregation = models.CharField(
        _("aggregation over time"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    pillars = ArrayField(
        models.CharField(max_length=20, choices=Pillar.choices),
        verbose_name=_("LandScale pillars"),
        default=list,
        blank=True,
    )
    sdg_targets = ArrayField(
        models.CharField(max_length=6),
        verbose_name=_("SDG targets"),
        default=list,
        blank=True,
        validators=[validate_sdg_targets],
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.unit == Unit.CURRENCY:
            self.currency = (self.currency or "").upper()
            if not re.match(r"^[A-Z]{3}$", self.currency):
                raise ValidationError({"currency": _("Give the ISO 4217 currency code, e.g. USD.")})
        else:
            self.currency = ""
        if self.unit == Unit.YES_NO and self.aggregation in (Aggregation.SUM, Aggregation.AVERAGE):
            raise ValidationError(
                {"aggregation": _("A yes/no indicator aggregates as latest value or maximum.")}
            )
        if len(set(self.pillars)) != len(self.pillars):
            raise ValidationError({"pillars": _("Each pillar can be chosen once.")})

    @property
    def pillar_labels(self) -> list[str]:
        return [str(Pillar(p).label) for p in self.pillars]

    @property
    def unit_label(self) -> str:
        if self.unit == Unit.CURRENCY:
            return self.currency
        if self.unit == Unit.PERCENTAGE:
            return "%"
        if self.unit == Unit.HECTARES:
            return "ha"
        return "" if self.unit == Unit.NUMBER else str(self.get_unit_display()).lower()


@pghistory.track()
class LibraryIndicator(ReferenceSheet, UUIDModel):
    """A standard indicator published by hub staff; partnerships adopt it."""

    guidance = models.TextField(_("guidance"), blank=True)
    disaggregations = models.JSONField(
        _("disaggregations"),
        default=list,
        blank=True,
        help_text=_('e.g. [{"name": "Sex", "values": ["Female", "Male"]}]'),
    )
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("library indicator")
        verbose_name_plural = _("library indicators")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="mel_library_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def clean(self) -> None:
        super().clean()
        spec = self.disaggregations
        ok = isinstance(spec, list) and all(
            isinstance(item, dict)
            and isinstance(item.get("name"), str)
            and item["name"].strip()
            and isinstance(item.get("values"), list)
            and len(item["values"]) >= 2
            and all(isinstance(v, str) and v.strip() for v in item["values"])
            for item in spec
        )
        if not ok:
            raise ValidationError(
                {
                    "disaggregations": _(
                        'A list of {"name": ..., "values": [at least two values]} objects.'
                    )
                }
            )


@pghistory.track()
class Disaggregation(TenantModel, UUIDModel):
    """A category with its allowed values, e.g. Sex: Female, Male."""

    name = models.CharField(_("name"), max_length=80)
    values = ArrayField(models.CharField(max_length=60), verbose_name=_("values"))

    class Meta:
        verbose_name = _("disaggregation")
        verbose_name_plural = _("disaggregations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="mel_disaggregation_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {', '.join(self.values)}"

    def clean(self) -> None:
        super().clean()
        values = [value.strip() for value in self.values or []]
        if len(values) < 2 or any(not value for value in values):
            raise ValidationError({"values": _("Give at least two non-empty values.")})
        if len({value.lower() for value in values}) != len(values):
            raise ValidationError({"values": _("Each value can appear once.")})
        self.values = values


class AutoSource(models.TextChoices):
    MANUAL = "", _("Entered by hand")
    CAPACITY_PEOPLE_TRAINED = (
        "capacity.people_trained",
        _("People trained: who completed a capacity program in the period"),
    )


@pghistory.track()
class Indicator(ReferenceSheet, TenantModel, UUIDModel):
    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.PROTECT, related_name="indicators"
    )
    frequency = models.CharField(
        _("reporting frequency"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.QUARTERLY,
    )
    disaggregations = models.ManyToManyField(
        Disaggregation, verbose_name=_("disaggregations"), blank=True, related_name="indicators"
    )
    disaggregations_sum_to_total = models.BooleanField(
        _("disaggregated values add up to the total"), default=True
    )
    data_source = models.CharField(_("data source"), max_length=250, blank=True)
    collection_method = models.CharField(_("collection method"), max_length=250, blank=True)
    quality_checks = models.TextField(_("quality checks"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    end_target = models.DecimalField(
        _("end-of-partnership target"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    library_indicator = models.ForeignKey(
        LibraryIndicator,
        verbose_name=_("library indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adoptions",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    auto_source = models.CharField(
        _("automatic source"),
        max_length=40,
        choices=AutoSource.choices,
        default=AutoSource.MANUAL,
        blank=True,
        help_text=_("Draft values are filled in from this source; review them as usual."),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "code"], name="mel_indicator_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def clean(self) -> None:
        super().clean()
        if self.auto_source == AutoSource.CAPACITY_PEOPLE_TRAINED and self.unit != Unit.PEOPLE:
            raise ValidationError(
                {"auto_source": _("People trained can only feed an indicator counted in people.")}
            )


@pghistory.track()
class IndicatorPeriod(TenantModel, UUIDModel):
    """A reporting period of an indicator with custom periods."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="custom_periods"
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    label = models.CharField(_("label"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("custom period")
        verbose_name_plural = _("custom periods")
        ordering = ["indicator", "start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "start"], name="mel_period_unique"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="mel_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.label or f"{self.start} – {self.end}"
