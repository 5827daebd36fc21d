"""URL kwarg fillers for the export link pages (ADR 0011)."""

from partnerships.models import ExportLink, Membership
from partnerships.roles import Role
from tests.partnerships.factories import MembershipFactory
from tests.tenancy.harness import register_filler


@register_filler("exportlink_uuid")
def _exportlink(partnership):
    leader = (
        Membership.objects.filter(partnership=partnership, role=Role.LEADER).first()
        or MembershipFactory(partnership=partnership, role=Role.LEADER)
    ).user
    link = ExportLink.objects.create(
        partnership=partnership,
        name="Dashboard",
        dataset="measurements",
        format=ExportLink.Format.CSV,
        token_prefix=f"ex_{ExportLink.objects.count():08d}",
        token_hash="0" * 64,
        created_by=leader,
    )
    return link.uuid
