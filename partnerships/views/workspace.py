"""The public profile and the members' workspace home of a partnership."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from hub.services import ApplicationError
from partnerships import selectors
from partnerships.forms.profile import ShortDescriptionForm
from partnerships.mixins import PartnershipMixin
from partnerships.roles import PartnershipPerm
from partnerships.selectors.membership import join_request_pending_for
from partnerships.selectors.process import journey_summary, process_journey
from partnerships.services.profile import partnership_update

ACTIVITY_LIMIT = 15


class PartnershipProfileView(PartnershipMixin, TemplateView):
    """The public profile: anyone who can see the partnership may open it."""

    required_perm = None
    section = "profile"
    template_name = "partnerships/profile.html"

    def get_context_data(self, **kwargs):
        journey = process_journey(partnership=self.partnership, with_evidence=False)
        pending = None
        if self.role is None and self.request.user.is_authenticated:
            pending = join_request_pending_for(partnership=self.partnership, user=self.request.user)
        return super().get_context_data(
            pending_join_request=pending,
            figures=selectors.partnership_key_figures(partnership=self.partnership),
            partner_groups=selectors.partners_by_role(partnership=self.partnership),
            journey=journey,
            steps=journey,
            journey_summary=journey_summary(journey),
            can_edit_profile=self.has_perm(PartnershipPerm.CHANGE),
            **kwargs,
        )


class WorkspaceHomeView(PartnershipMixin, TemplateView):
    """What a member sees first: what needs their attention and what changed lately."""

    section = "workspace"
    template_name = "partnerships/workspace.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            figures=selectors.partnership_key_figures(partnership=self.partnership),
            attention=selectors.attention_for(
                partnership=self.partnership, user=self.request.user, role=self.role
            ),
            activity=selectors.partnership_activity(
                partnership=self.partnership, limit=ACTIVITY_LIMIT
            ),
            can_edit_profile=self.has_perm(PartnershipPerm.CHANGE),
            **kwargs,
        )


class ShortDescriptionEditView(PartnershipMixin, View):
    """Inline edit (HTMX) of the short description on the workspace home: GET gives
    the form (or, with ``?display``, the text back), POST saves and swaps the text
    back. Without HTMX it falls back to the profile settings page."""

    required_perm = PartnershipPerm.CHANGE
    template_name = "partnerships/workspace.html"

    def _render(self, partial: str, **context):
        return render(
            self.request,
            f"{self.template_name}#{partial}",
            {"partnership": self.partnership, "can_edit_profile": True, **context},
        )

    def get(self, request, *args, **kwargs):
        if not request.htmx:
            return redirect("partnerships:settings-profile", self.partnership.slug)
        if "display" in request.GET:
            return self._render("short-description")
        form = ShortDescriptionForm(
            partnership=self.partnership,
            initial={"short_description": self.partnership.short_description},
        )
        return self._render("short-description-form", form=form)

    def post(self, request, *args, **kwargs):
        form = ShortDescriptionForm(request.POST, partnership=self.partnership)
        if form.is_valid():
            try:
                self.partnership = partnership_update(
                    partnership=self.partnership,
                    actor=request.user,
                    short_description=form.cleaned_data["short_description"],
                )
            except ApplicationError as error:
                form.add_application_error(error)
            except ValidationError as error:
                form.add_error("short_description", error.messages[0])
        if not request.htmx:
            if form.errors:
                messages.error(request, _("The short description was not saved."))
            else:
                messages.success(request, _("The short description was saved."))
            return redirect("partnerships:workspace", self.partnership.slug)
        if form.errors:
            return self._render("short-description-form", form=form)
        return self._render("short-description", saved=True)
