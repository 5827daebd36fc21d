"""Serializers shared by every endpoint: the one error shape and strict input."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class ErrorBodySerializer(serializers.Serializer):
    """``fields`` cannot be a class attribute (it is the Serializer's own property)."""

    def get_fields(self):
        return {
            "status": serializers.IntegerField(help_text=_("The HTTP status code.")),
            "code": serializers.CharField(
                help_text=_("A stable, machine-readable code, e.g. `invalid`, `not_found`.")
            ),
            "message": serializers.CharField(help_text=_("A message for people.")),
            "fields": serializers.DictField(
                child=serializers.ListField(child=serializers.CharField()),
                required=False,
                help_text=_(
                    "Only for 400: the messages for each invalid field "
                    "(`non_field_errors` for the request as a whole)."
                ),
            ),
        }


class ErrorSerializer(serializers.Serializer):
    error = ErrorBodySerializer()


class StrictInputMixin:
    """Refuse fields the endpoint does not accept (e.g. ``slug`` or ``partnership``)
    with a 400 instead of silently ignoring them."""

    default_error_messages = {"unknown_field": _("This field cannot be set here.")}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable)
            if unknown:
                raise serializers.ValidationError(
                    {name: [self.error_messages["unknown_field"]] for name in unknown}
                )
        return super().to_internal_value(data)
