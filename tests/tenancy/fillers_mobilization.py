"""URL kwarg fillers for a partnership's resource mobilization view
(/p/<slug>/finance/mobilization/<proposal_uuid>/): a hub proposal naming the partnership."""

from tests.finance.factories_mobilization import ProposalFactory
from tests.tenancy.harness import register_filler


@register_filler("proposal_uuid")
def _proposal(partnership):
    return ProposalFactory(partnerships=[partnership]).uuid
