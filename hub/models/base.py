import uuid

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class UUIDModel(TimeStampedModel):
    """Public identifier for URLs and the API: never an enumerable integer."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


def in_language(obj, field: str, language: str | None = None, *, english: str = "") -> str:
    """A label that staff keep in one column per language (``name_es``, ``label_fr``...):
    the column of ``language`` (default: the active one), or the English value
    (``<field>_en``, or the column named by ``english``) when that one is empty."""
    code = (language or get_language() or "en").split("-")[0].lower()
    return getattr(obj, f"{field}_{code}", "") or getattr(obj, english or f"{field}_en")
