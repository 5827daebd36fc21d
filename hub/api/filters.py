import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import OrderingFilter

from hub.api.fields import COUNTRY_CODE_SCHEMA


class HubOrderingFilter(OrderingFilter):
    """OrderingFilter whose schema lists the accepted values (``name``, ``-name``, ...)
    and the default, so a generated client knows them."""

    ordering_description = _("Sort by this field; a leading '-' sorts in descending order.")

    def get_schema_operation_parameters(self, view):
        fields = getattr(view, "ordering_fields", None)
        if not isinstance(fields, list | tuple):
            return super().get_schema_operation_parameters(view)
        default = self.get_default_ordering(view) or ()
        description = str(self.ordering_description)
        if default:
            description += " " + str(_("Default: %(ordering)s.") % {"ordering": ",".join(default)})
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": description,
                "schema": {"type": "string", "enum": [*fields, *(f"-{f}" for f in fields)]},
            }
        ]


@extend_schema_field(COUNTRY_CODE_SCHEMA)
class CountryFilter(django_filters.ChoiceFilter):
    """One ISO 3166-1 alpha-2 code; an unknown code is a 400."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", lambda: [(code, code) for code, _name in countries])
        super().__init__(*args, **kwargs)
