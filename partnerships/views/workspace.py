from django.views.generic import TemplateView

from partnerships import selectors
from partnerships.mixins import PartnershipMixin


class PartnershipProfileView(PartnershipMixin, TemplateView):
    """The public profile: anyone who can see the partnership may open it."""

    required_perm = None
    section = "profile"
    template_name = "partnerships/profile.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            figures=selectors.partnership_key_figures(partnership=self.partnership),
            partners=selectors.partner_list(partnership=self.partnership),
            **kwargs,
        )


class WorkspaceHomeView(PartnershipMixin, TemplateView):
    section = "workspace"
    template_name = "partnerships/workspace.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            figures=selectors.partnership_key_figures(partnership=self.partnership),
            **kwargs,
        )
