"""Membership roles and the permissions each one grants inside its partnership.

``user.has_perm("partnerships.manage_members", partnership)`` is answered from this
map by ``partnerships.backends.MembershipBackend``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEADER = "leader", _("Leader")
    MEL_OFFICER = "mel_officer", _("MEL officer")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


class PartnershipPerm(models.TextChoices):
    VIEW = "partnerships.view_partnership", _("See the partnership workspace")
    CHANGE = "partnerships.change_partnership", _("Edit the partnership profile")
    MANAGE_MEMBERS = "partnerships.manage_members", _("Invite and manage members")
    MANAGE_SETTINGS = "partnerships.manage_settings", _("Change settings and API keys")
    EDIT_CONTENT = "partnerships.edit_content", _("Edit pages and governance records")


class MelPerm(models.TextChoices):
    # Labelled "partnerships." because they are checked against the partnership (guardian
    # refuses a codename whose app label differs from the object's).
    EDIT_FRAMEWORK = (
        "partnerships.mel_edit_framework",
        _("Edit the results framework and indicators"),
    )
    ENTER_MEASUREMENT = "partnerships.mel_enter_measurement", _("Enter targets and measurements")
    APPROVE_MEASUREMENT = (
        "partnerships.mel_approve_measurement",
        _("Approve or return measurements"),
    )
    LOCK_PERIOD = "partnerships.mel_lock_period", _("Lock and unlock reporting periods")


class CapacityPerm(models.TextChoices):
    MANAGE = (
        "partnerships.manage_capacity",
        _("Enroll participants, export participation and record self-assessments"),
    )


class FinancePerm(models.TextChoices):
    VIEW = "partnerships.finance_view", _("See the investment portfolio")
    MANAGE = (
        "partnerships.finance_manage",
        _("Edit investments, funding, transactions and budgets"),
    )
    SHARE = (
        "partnerships.finance_share",
        _("Share the portfolio with funders, answer them and publish to the marketplace"),
    )


_MEL_ALL = {
    MelPerm.EDIT_FRAMEWORK,
    MelPerm.ENTER_MEASUREMENT,
    MelPerm.APPROVE_MEASUREMENT,
    MelPerm.LOCK_PERIOD,
}

_FINANCE_ALL = {FinancePerm.VIEW, FinancePerm.MANAGE, FinancePerm.SHARE}

_VIEWER = {PartnershipPerm.VIEW, FinancePerm.VIEW}
_EDITOR = _VIEWER | {PartnershipPerm.EDIT_CONTENT, CapacityPerm.MANAGE}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: frozenset(_VIEWER),
    Role.EDITOR: frozenset(_EDITOR | {MelPerm.ENTER_MEASUREMENT}),
    Role.MEL_OFFICER: frozenset(_EDITOR | _MEL_ALL),
    Role.FINANCE_OFFICER: frozenset(_EDITOR | _FINANCE_ALL),
    Role.LEADER: frozenset(
        _EDITOR
        | _MEL_ALL
        | _FINANCE_ALL
        | {PartnershipPerm.CHANGE, PartnershipPerm.MANAGE_MEMBERS, PartnershipPerm.MANAGE_SETTINGS}
    ),
}


def role_has_perm(role: str | None, perm: str) -> bool:
    return role is not None and perm in ROLE_PERMISSIONS.get(role, frozenset())
