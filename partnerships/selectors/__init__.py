from django.db.models import Count, QuerySet

from partnerships.models import Membership, PartnerOrganization, Partnership


def partnership_key_figures(*, partnership: Partnership) -> dict[str, int]:
    return Partnership.objects.filter(pk=partnership.pk).aggregate(
        members=Count("memberships", distinct=True),
    ) | {
        "partners": PartnerOrganization.objects.for_partnership(partnership)
        .filter(left_on__isnull=True)
        .count(),
    }


def partner_list(*, partnership: Partnership) -> QuerySet[PartnerOrganization]:
    return (
        PartnerOrganization.objects.for_partnership(partnership)
        .select_related("organization")
        .order_by("role", "organization__name")
    )


def membership_list(*, partnership: Partnership) -> QuerySet[Membership]:
    return (
        Membership.objects.for_partnership(partnership)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
