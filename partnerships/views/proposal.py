"""Proposing a partnership (anyone signed in) and the hub staff's review page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from hub.services import ApplicationError
from hub.views import StaffOnlyMixin
from partnerships.forms.proposal import PartnershipProposeForm, ProposalDeclineForm
from partnerships.models import Partnership
from partnerships.selectors import membership as selectors
from partnerships.services import proposal as services


class PartnershipProposeView(LoginRequiredMixin, FormView):
    template_name = "partnerships/proposal/propose.html"
    form_class = PartnershipProposeForm

    def form_valid(self, form):
        try:
            partnership = services.partnership_propose(
                proposer=self.request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Thank you! “%(name)s” was sent to hub staff for review. You will be notified "
                "when they decide; meanwhile only you can see it."
            )
            % {"name": partnership.name},
        )
        return redirect("partnerships:workspace", partnership.slug)


class ProposalListView(StaffOnlyMixin, ListView):
    template_name = "partnerships/proposal/proposal_list.html"
    context_object_name = "proposals"
    paginate_by = 25

    def get_queryset(self):
        return selectors.proposal_pending_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(decline_form=ProposalDeclineForm(), **kwargs)


class ProposalDecisionView(StaffOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        partnership = get_object_or_404(Partnership, uuid=kwargs["partnership_uuid"])
        try:
            message = self.decide(partnership)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, message)
        return redirect("partnerships-public:proposal-list")


class ProposalApproveView(ProposalDecisionView):
    def decide(self, partnership: Partnership) -> str:
        services.partnership_approve(partnership=partnership, actor=self.request.user)
        return _("“%(name)s” was approved; the proposer was notified.") % {"name": partnership.name}


class ProposalDeclineView(ProposalDecisionView):
    def decide(self, partnership: Partnership) -> str:
        form = ProposalDeclineForm(self.request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.partnership_decline(
            partnership=partnership, actor=self.request.user, reason=reason
        )
        return _("“%(name)s” was declined; the proposer was told why.") % {"name": partnership.name}
