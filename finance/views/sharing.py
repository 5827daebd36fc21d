"""The partnership's side of funder review (/p/<slug>/finance/shares/...): share the
portfolio or chosen investments with a funder organization, revoke, follow each
funder's review and answer questions; publish investments to the marketplace."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from finance.models import (
    FunderStaff,
    Investment,
    InvestmentReview,
    Portfolio,
    PortfolioShare,
    ReviewStatus,
)
from finance.selectors import review as selectors
from finance.services import marketplace as market_services
from finance.services import review as services
from hub.forms import ApplicationErrorFormMixin
from hub.models import Organization
from hub.services import ApplicationError
from hub.views import ServiceFormMixin
from partnerships.mixins import PartnershipMixin
from partnerships.roles import FinancePerm


class FinanceSharingMixin(PartnershipMixin):
    section = "finance"
    required_perm = FinancePerm.VIEW

    def url(self, name: str, *args) -> str:
        return reverse(f"finance:{name}", args=[self.partnership.slug, *args])

    def portfolio(self) -> Portfolio | None:
        return Portfolio.objects.for_partnership(self.partnership).first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_share=self.has_perm(FinancePerm.SHARE), **kwargs)


class ShareListView(FinanceSharingMixin, TemplateView):
    """Shares (active and revoked), every funder's review, and the marketplace."""

    template_name = "finance/review/share_list.html"

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", "")
        if status not in ReviewStatus.values:
            status = ""
        reviews = selectors.review_list(partnership=self.partnership, status=status)
        waiting = 0
        if not status:
            # Reviews nobody has touched yet are one line, not one row each.
            waiting = reviews.filter(status=ReviewStatus.SHARED).count()
            reviews = reviews.exclude(status=ReviewStatus.SHARED)
        return super().get_context_data(
            portfolio=self.portfolio(),
            shares=list(selectors.share_list(partnership=self.partnership)),
            reviews=list(reviews),
            waiting=waiting,
            status=status,
            statuses=ReviewStatus.choices,
            candidates=list(selectors.marketplace_candidates(partnership=self.partnership)),
            **kwargs,
        )


class ShareForm(ApplicationErrorFormMixin, forms.Form):
    funder = forms.ModelChoiceField(
        label=gettext_lazy("Funder organization"),
        queryset=Organization.objects.none(),
        help_text=gettext_lazy("Organizations with funder reviewers on the hub."),
    )
    whole_portfolio = forms.TypedChoiceField(
        label=gettext_lazy("What to share"),
        choices=[
            ("1", gettext_lazy("The whole portfolio, including investments added later")),
            ("0", gettext_lazy("Only the investments chosen below")),
        ],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    investments = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Investments"),
        queryset=Investment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=gettext_lazy("Message to the funder"),
        required=False,
        max_length=services.MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, partnership, portfolio, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Organization.objects.filter(
            pk__in=FunderStaff.objects.values("organization_id")
        ).order_by("name")
        self.fields["investments"].queryset = (
            Investment.objects.for_partnership(partnership).filter(portfolio=portfolio)
            if portfolio
            else Investment.objects.none()
        ).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("whole_portfolio") is False and not data.get("investments"):
            self.add_error("investments", _("Choose at least one investment to share."))
        return data


class ShareCreateView(FinanceSharingMixin, ServiceFormMixin, FormView):
    required_perm = FinancePerm.SHARE
    template_name = "finance/review/share_form.html"
    form_class = ShareForm
    success_message = gettext_lazy("Shared. The funder's reviewers were notified.")

    def get_form_kwargs(self):
        self._portfolio = self.portfolio()
        return {
            **super().get_form_kwargs(),
            "partnership": self.partnership,
            "portfolio": self._portfolio,
        }

    def form_valid(self, form):
        if self._portfolio is None:
            form.add_error(None, _("The partnership has no investment portfolio yet."))
            return self.form_invalid(form)
        return super().form_valid(form)

    def perform(self, data):
        return services.portfolio_share(
            portfolio=self._portfolio,
            funder=data["funder"],
            actor=self.request.user,
            whole_portfolio=data["whole_portfolio"],
            investments=data["investments"],
            message=data["message"],
        )

    def get_success_url(self, result=None):
        return self.url("share-list")


class ShareRevokeView(FinanceSharingMixin, TemplateView):
    """GET: confirm; POST: revoke (the funder loses access at once)."""

    required_perm = FinancePerm.SHARE
    template_name = "finance/review/share_revoke.html"

    def load(self) -> PortfolioShare:
        try:
            return selectors.share_get(partnership=self.partnership, uuid=self.kwargs["share_uuid"])
        except PortfolioShare.DoesNotExist:
            raise Http404 from None

    def get_context_data(self, **kwargs):
        return super().get_context_data(share=self.load(), **kwargs)

    def post(self, request, *args, **kwargs):
        share = self.load()
        try:
            services.portfolio_share_revoke(share=share, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The share with %(funder)s was revoked; they no longer see it.")
                % {"funder": share.funder.name},
            )
        return HttpResponseRedirect(self.url("share-list"))


class AnswerForm(ApplicationErrorFormMixin, forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your answer"),
        max_length=services.MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReviewDetailView(FinanceSharingMixin, TemplateView):
    """One funder's review of one investment: status, scores, the conversation."""

    template_name = "finance/review/review_detail.html"

    def load(self) -> InvestmentReview:
        try:
            return selectors.review_get(
                partnership=self.partnership, uuid=self.kwargs["review_uuid"]
            )
        except InvestmentReview.DoesNotExist:
            raise Http404 from None

    def get_context_data(self, **kwargs):
        review = kwargs.pop("review", None) or self.load()
        return super().get_context_data(
            review=review,
            scores=selectors.review_scores(review=review),
            conversation=selectors.review_conversation(review=review),
            share_active=selectors.review_share_active(review=review),
            form=kwargs.pop("form", None) or AnswerForm(),
            **kwargs,
        )


class ReviewAnswerView(ReviewDetailView):
    required_perm = FinancePerm.SHARE
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        review = self.load()
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.review_answer(
                    review=review, actor=request.user, body=form.cleaned_data["body"]
                )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(request, _("Answer sent; the funder was notified."))
                return HttpResponseRedirect(self.url("review-detail", review.uuid))
        response = self.render_to_response(self.get_context_data(review=review, form=form))
        response.status_code = 400
        return response


class _MarketplaceToggle(FinanceSharingMixin, View):
    required_perm = FinancePerm.SHARE
    http_method_names = ["post"]
    publish = True

    def post(self, request, *args, **kwargs):
        investment = self.get_tenant_object(Investment.objects, uuid=self.kwargs["investment_uuid"])
        service = (
            market_services.investment_publish
            if self.publish
            else market_services.investment_unpublish
        )
        try:
            service(investment=investment, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(investment)s is on the marketplace.") % {"investment": investment.name}
                if self.publish
                else _("%(investment)s was taken off the marketplace.")
                % {"investment": investment.name},
            )
        return HttpResponseRedirect(self.url("share-list") + "#marketplace")


class MarketplacePublishView(_MarketplaceToggle):
    publish = True


class MarketplaceUnpublishView(_MarketplaceToggle):
    publish = False
