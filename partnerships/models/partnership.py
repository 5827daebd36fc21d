import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from hub.models import UUIDModel
from hub.search.postgres import search_document_field

# Global search (partnerships/selectors/search.py) and its GIN index.
PARTNERSHIP_SEARCH_FIELDS = (
    ("name", "A"),
    ("short_description", "B"),
    ("description", "C"),
    ("shared_vision", "C"),
)


class PartnershipQuerySet(models.QuerySet):
    def public(self):
        return self.filter(
            visibility=Partnership.Visibility.PUBLIC, approval=Partnership.Approval.APPROVED
        )

    def visible_to(self, user):
        """Public partnerships plus those the user belongs to (all for hub staff)."""
        if user.is_authenticated and user.is_staff:
            return self
        public = models.Q(
            visibility=Partnership.Visibility.PUBLIC, approval=Partnership.Approval.APPROVED
        )
        if not user.is_authenticated:
            return self.filter(public)
        return self.filter(public | models.Q(memberships__user=user)).distinct()

    def of_member(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)

    def approved(self):
        return self.filter(approval=Partnership.Approval.APPROVED)


@pghistory.track(exclude=["search_document"])
class Partnership(UUIDModel):
    """The tenant: a multi-stakeholder group that manages a landscape together."""

    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")
        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("Dormant")
        ARCHIVED = "archived", _("Archived")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Private")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open to anyone")
        REQUEST = "request", _("Request to join")
        INVITATION = "invitation", _("Invitation only")

    class Approval(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in links"), max_length=80, unique=True)
    short_description = models.CharField(_("short description"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    shared_vision = models.TextField(_("shared vision"), blank=True)
    year_established = models.PositiveSmallIntegerField(
        _("year established"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.FORMING
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    join_policy = models.CharField(
        _("join policy"), max_length=12, choices=JoinPolicy.choices, default=JoinPolicy.REQUEST
    )
    approval = models.CharField(
        _("approval"), max_length=10, choices=Approval.choices, default=Approval.PROPOSED
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="partnerships/logos/", blank=True)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    working_languages = models.JSONField(_("working languages"), default=list, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_partnerships",
    )
    search_document = search_document_field(PARTNERSHIP_SEARCH_FIELDS)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_document"], name="partnership_search_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC and self.approval == self.Approval.APPROVED


class PartnershipUserObjectPermission(UserObjectPermissionBase):
    """Explicit per-partnership grants to people outside it (guardian, direct FK)."""

    content_object = models.ForeignKey(Partnership, on_delete=models.CASCADE)


class PartnershipGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Partnership, on_delete=models.CASCADE)
