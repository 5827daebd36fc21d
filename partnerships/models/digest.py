"""The record that a person's weekly activity digest went out."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models.base import TimeStampedModel


class DigestSend(TimeStampedModel):
    """One weekly digest to one person. The unique (user, week) pair is what makes
    the weekly job send at most once per ISO week, however often it runs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_sends"
    )
    week_start = models.DateField(_("week starting"), help_text=_("Monday of the ISO week."))
    delivery = models.ForeignKey(
        "hub.EmailDelivery", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("weekly digest sent")
        verbose_name_plural = _("weekly digests sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="digestsend_user_week"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week_start:%G-W%V}"
