"""Resource mobilization: the hub staff pages at /finance/mobilization/ (namespace
"mobilization"), and ``workspace_urlpatterns``, a partnership's read-only view under
/p/<slug>/finance/mobilization/ (namespace "finance")."""

from django.urls import path

from finance.views import mobilization as views

app_name = "mobilization"

_proposal = "proposals/<uuid:proposal_uuid>/"
_prospect = "donors/<uuid:prospect_uuid>/"

urlpatterns = [
    path("", views.PipelineView.as_view(), name="pipeline"),
    path("proposals/new/", views.ProposalCreateView.as_view(), name="proposal-create"),
    path(_proposal, views.ProposalDetailView.as_view(), name="proposal-detail"),
    path(f"{_proposal}edit/", views.ProposalEditView.as_view(), name="proposal-edit"),
    path(
        f"{_proposal}transition/",
        views.ProposalTransitionView.as_view(),
        name="proposal-transition",
    ),
    path(f"{_proposal}reopen/", views.ProposalReopenView.as_view(), name="proposal-reopen"),
    path(f"{_proposal}deadlines/", views.ProposalDeadlineAddView.as_view(), name="deadline-add"),
    path(
        f"{_proposal}deadlines/<uuid:deadline_uuid>/delete/",
        views.ProposalDeadlineDeleteView.as_view(),
        name="deadline-delete",
    ),
    path("donors/", views.ProspectListView.as_view(), name="prospect-list"),
    path("donors/new/", views.ProspectCreateView.as_view(), name="prospect-create"),
    path(_prospect, views.ProspectDetailView.as_view(), name="prospect-detail"),
    path(f"{_prospect}edit/", views.ProspectEditView.as_view(), name="prospect-edit"),
]

workspace_urlpatterns = [
    path(
        "mobilization/",
        views.PartnershipMobilizationView.as_view(),
        name="mobilization",
    ),
    path(
        "mobilization/<uuid:proposal_uuid>/",
        views.PartnershipProposalView.as_view(),
        name="mobilization-proposal",
    ),
]
