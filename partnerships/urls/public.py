"""Partnership pages that are not inside one partnership, mounted at /partnerships/
(namespace "partnerships-public"): the directory, proposing a partnership."""

from django.urls import path

from partnerships.views import invitations, proposal

app_name = "partnerships-public"

urlpatterns = [
    path("propose/", proposal.PartnershipProposeView.as_view(), name="propose"),
    path("proposals/", proposal.ProposalListView.as_view(), name="proposal-list"),
    path(
        "proposals/<uuid:partnership_uuid>/approve/",
        proposal.ProposalApproveView.as_view(),
        name="proposal-approve",
    ),
    path(
        "proposals/<uuid:partnership_uuid>/decline/",
        proposal.ProposalDeclineView.as_view(),
        name="proposal-decline",
    ),
    path("invitations/<str:token>/", invitations.InvitationView.as_view(), name="invitation"),
]
