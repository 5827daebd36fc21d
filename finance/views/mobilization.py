"""Resource mobilization pages.

Hub staff (``/finance/mobilization/``; anyone else gets a 404): the pipeline as a board by
status or a table, with filters and totals per status in USD; proposals (add, edit, move
through the pipeline, reopen, extra deadlines) and donor prospects.

Partnership members who deal with funders (leaders and finance officers,
``FinancePerm.SHARE``) see read-only, in their workspace
(``/p/<slug>/finance/mobilization/``), the proposals that would benefit their partnership
and the donors the hub is already in contact with, with whom to talk to.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from finance import forms
from finance.models import ProposalDeadline, ProposalStatus, ProspectStatus
from finance.selectors import mobilization as selectors
from finance.services import mobilization as services
from finance.views.portfolio import FinanceMixin
from hub.models import User
from hub.views import ServiceFormMixin, StaffOnlyMixin
from partnerships.models import Partnership
from partnerships.roles import FinancePerm

VIEWS = ("board", "table")


# --- hub staff: the pipeline ------------------------------------------------------------


def _filters(params) -> selectors.ProposalFilters:
    """Filters from the query string; unknown values are ignored."""

    def pick(name: str, allowed=None) -> str:
        value = (params.get(name) or "").strip()[:64]
        return value if allowed is None or value in allowed else ""

    return selectors.ProposalFilters(
        status=pick("status", ProposalStatus.values),
        donor=_uuid(pick("donor")),
        partnership=pick("partnership"),
        owner=_uuid(pick("owner")),
        window=pick("window", [*selectors.WINDOWS, selectors.OVERDUE]),
    )


def _uuid(value: str) -> str:
    import uuid

    try:
        return str(uuid.UUID(value)) if value else ""
    except ValueError:
        return ""


class PipelineView(StaffOnlyMixin, TemplateView):
    template_name = "finance/mobilization/pipeline.html"

    def get_context_data(self, **kwargs):
        filters = _filters(self.request.GET)
        view = self.request.GET.get("view", "board")
        view = view if view in VIEWS else "board"
        proposals = list(selectors.proposal_list(filters=filters))
        query = self.request.GET.copy()
        query.pop("view", None)
        return super().get_context_data(
            filters=filters,
            view=view,
            pipeline=selectors.pipeline(proposals),
            proposals=proposals,
            filter_query=query.urlencode(),
            today=timezone.localdate(),
            statuses=ProposalStatus.choices,
            donors=list(selectors.prospect_choices()),
            partnerships=list(
                Partnership.objects.filter(approval=Partnership.Approval.APPROVED)
                .only("slug", "name")
                .order_by("name")
            ),
            owners=list(
                User.objects.filter(is_staff=True, is_active=True)
                .only("uuid", "full_name", "email")
                .order_by("full_name", "email")
            ),
            windows=[
                ("7", _("Next 7 days")),
                ("30", _("Next 30 days")),
                ("90", _("Next 90 days")),
                (selectors.OVERDUE, _("Overdue")),
            ],
            **kwargs,
        )


class ProposalCreateView(StaffOnlyMixin, ServiceFormMixin, FormView):
    template_name = "finance/mobilization/proposal_form.html"
    form_class = forms.ProposalForm
    success_message = gettext_lazy("The proposal is added to the pipeline.")

    def get_initial(self):
        initial = {"owner": self.request.user, "currency": "USD"}
        donor = _uuid(self.request.GET.get("donor", ""))
        if donor:
            prospect = selectors.prospect_get(uuid=donor)
            if prospect is not None:
                initial["donor"] = prospect
        return initial

    def perform(self, data: dict):
        return services.proposal_create(actor=self.request.user, **data)

    def get_success_url(self, result=None) -> str:
        return reverse("mobilization:proposal-detail", args=[result.uuid])


class ProposalMixin(StaffOnlyMixin):
    @cached_property
    def proposal(self):
        proposal = selectors.proposal_get(uuid=self.kwargs["proposal_uuid"])
        if proposal is None:
            raise Http404
        return proposal

    def detail_url(self) -> str:
        return reverse("mobilization:proposal-detail", args=[self.proposal.uuid])

    def get_success_url(self, result=None) -> str:
        return self.detail_url()


class ProposalEditView(ProposalMixin, ServiceFormMixin, FormView):
    template_name = "finance/mobilization/proposal_form.html"
    form_class = forms.ProposalForm
    success_message = gettext_lazy("The proposal is saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "proposal": self.proposal}

    def perform(self, data: dict):
        return services.proposal_update(actor=self.request.user, proposal=self.proposal, **data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.proposal, **kwargs)


class ProposalDetailView(ProposalMixin, TemplateView):
    """The proposal with its deadlines and history, and the forms that move it on."""

    template_name = "finance/mobilization/proposal_detail.html"

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        allowed = services.allowed_transitions(proposal)
        kwargs.setdefault("transition_form", forms.ProposalTransitionForm(allowed=allowed))
        kwargs.setdefault("reopen_form", forms.ProposalReopenForm())
        kwargs.setdefault("deadline_form", forms.ProposalDeadlineForm())
        return super().get_context_data(
            proposal=proposal,
            allowed=allowed,
            pipeline=selectors.pipeline([proposal]),
            today=timezone.localdate(),
            **kwargs,
        )


class _ProposalActionView(ProposalMixin, ServiceFormMixin, FormView):
    """A POST from the detail page; a refusal shows the page again with the error."""

    http_method_names = ["post"]
    template_name = "finance/mobilization/proposal_detail.html"
    form_context_name = ""

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form")
        detail = ProposalDetailView(request=self.request, kwargs=self.kwargs)
        detail.__dict__["proposal"] = self.proposal
        return detail.get_context_data(**{self.form_context_name: form})


class ProposalTransitionView(_ProposalActionView):
    form_class = forms.ProposalTransitionForm
    form_context_name = "transition_form"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "allowed": services.allowed_transitions(self.proposal)}

    def perform(self, data: dict):
        proposal = services.proposal_transition(
            actor=self.request.user,
            proposal=self.proposal,
            to_status=data["to_status"],
            reason=data["reason"],
        )
        messages.success(
            self.request,
            _("The proposal is now %(status)s.") % {"status": proposal.get_status_display()},
        )
        return proposal


class ProposalReopenView(_ProposalActionView):
    form_class = forms.ProposalReopenForm
    form_context_name = "reopen_form"
    success_message = gettext_lazy("The proposal is reopened.")

    def perform(self, data: dict):
        return services.proposal_reopen(
            actor=self.request.user, proposal=self.proposal, reason=data["reason"]
        )


class ProposalDeadlineAddView(_ProposalActionView):
    form_class = forms.ProposalDeadlineForm
    form_context_name = "deadline_form"
    success_message = gettext_lazy("The deadline is added.")

    def perform(self, data: dict):
        return services.proposal_deadline_add(
            actor=self.request.user, proposal=self.proposal, name=data["name"], date=data["date"]
        )


class ProposalDeadlineDeleteView(ProposalMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        deadline = ProposalDeadline.objects.filter(
            proposal=self.proposal, uuid=kwargs["deadline_uuid"]
        ).first()
        if deadline is None:
            raise Http404
        services.proposal_deadline_delete(actor=request.user, deadline=deadline)
        messages.success(request, _("The deadline is removed."))
        return HttpResponseRedirect(self.detail_url())


# --- hub staff: donor prospects ---------------------------------------------------------


class ProspectListView(StaffOnlyMixin, TemplateView):
    template_name = "finance/mobilization/prospect_list.html"

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", ProspectStatus.ACTIVE)
        status = status if status in (*ProspectStatus.values, "all") else ProspectStatus.ACTIVE
        return super().get_context_data(
            prospects=list(selectors.prospect_list(status="" if status == "all" else status)),
            status=status,
            statuses=ProspectStatus.choices,
            **kwargs,
        )


class ProspectMixin(StaffOnlyMixin):
    @cached_property
    def prospect(self):
        prospect = selectors.prospect_get(uuid=self.kwargs["prospect_uuid"])
        if prospect is None:
            raise Http404
        return prospect


class ProspectDetailView(ProspectMixin, TemplateView):
    template_name = "finance/mobilization/prospect_detail.html"

    def get_context_data(self, **kwargs):
        proposals = list(self.prospect.proposals.all())
        return super().get_context_data(
            prospect=self.prospect,
            proposals=proposals,
            pipeline=selectors.pipeline(proposals),
            **kwargs,
        )


class ProspectCreateView(StaffOnlyMixin, ServiceFormMixin, FormView):
    template_name = "finance/mobilization/prospect_form.html"
    form_class = forms.ProspectForm
    success_message = gettext_lazy("The donor prospect is added.")

    def perform(self, data: dict):
        return services.prospect_create(actor=self.request.user, **data)

    def get_success_url(self, result=None) -> str:
        return reverse("mobilization:prospect-detail", args=[result.uuid])


class ProspectEditView(ProspectMixin, ServiceFormMixin, FormView):
    template_name = "finance/mobilization/prospect_form.html"
    form_class = forms.ProspectForm
    success_message = gettext_lazy("The donor prospect is saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "prospect": self.prospect}

    def perform(self, data: dict):
        return services.prospect_update(actor=self.request.user, prospect=self.prospect, **data)

    def get_success_url(self, result=None) -> str:
        return reverse("mobilization:prospect-detail", args=[self.prospect.uuid])

    def get_context_data(self, **kwargs):
        return super().get_context_data(prospect=self.prospect, **kwargs)


# --- a partnership's view ---------------------------------------------------------------


class PartnershipMobilizationMixin(FinanceMixin):
    required_perm = FinancePerm.SHARE


class PartnershipMobilizationView(PartnershipMobilizationMixin, TemplateView):
    """The proposals that would benefit this partnership and the donors already approached."""

    template_name = "finance/mobilization/partnership.html"

    def get_context_data(self, **kwargs):
        proposals = list(selectors.partnership_proposal_list(partnership=self.partnership))
        return super().get_context_data(
            proposals=proposals,
            pipeline=selectors.pipeline(proposals),
            donors=list(selectors.donors_approached()),
            today=timezone.localdate(),
            **kwargs,
        )


class PartnershipProposalView(PartnershipMobilizationMixin, TemplateView):
    template_name = "finance/mobilization/partnership_proposal.html"

    def get_context_data(self, **kwargs):
        proposal = selectors.partnership_proposal_get(
            partnership=self.partnership, uuid=self.kwargs["proposal_uuid"]
        )
        if proposal is None:
            raise Http404
        return super().get_context_data(
            proposal=proposal,
            pipeline=selectors.pipeline([proposal]),
            today=timezone.localdate(),
            **kwargs,
        )
