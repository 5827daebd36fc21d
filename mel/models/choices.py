from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage")
    HECTARES = "hectares", _("Hectares")
    CURRENCY = "currency", _("Currency")
    PEOPLE = "people", _("People")
    YES_NO = "yes_no", _("Yes / no")
    TONNES = "tonnes", _("Tonnes")


class IndicatorType(models.TextChoices):
    IMPACT = "impact", _("Impact")
    OUTCOME = "outcome", _("Outcome")
    OUTPUT = "output", _("Output")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")
    MAINTAIN = "maintain", _("Maintain")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    LATEST = "latest", _("Latest value")
    MAXIMUM = "maximum", _("Maximum")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SEMESTER = "semester", _("Every semester")
    ANNUAL = "annual", _("Annual")
    CUSTOM = "custom", _("Custom periods")


class Pillar(models.TextChoices):
    """The four pillars of the LandScale assessment framework."""

    ECOSYSTEMS = "ecosystems", _("Ecosystems")
    HUMAN_WELL_BEING = "human_well_being", _("Human well-being")
    GOVERNANCE = "governance", _("Governance")
    PRODUCTION = "production", _("Production")


class MeasurementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
