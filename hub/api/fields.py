from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

COUNTRY_CODE_SCHEMA = {
    "type": "string",
    "pattern": "^[A-Z]{2}$",
    "example": "KE",
    "description": "ISO 3166-1 alpha-2 country code.",
}


@extend_schema_field(COUNTRY_CODE_SCHEMA)
class CountryCodeField(serializers.CharField):
    default_error_messages = {"unknown": _("“{code}” is not a country code.")}

    def to_internal_value(self, data):
        code = super().to_internal_value(data).upper()
        if code not in countries:
            self.fail("unknown", code=code)
        return code

    def to_representation(self, value):
        return str(value)


class CountryCodesField(serializers.ListField):
    """ISO 3166-1 alpha-2 codes, e.g. ``["KE", "TZ"]``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("child", CountryCodeField())
        super().__init__(**kwargs)
