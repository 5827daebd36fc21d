"""The members page and the leaders' actions on it (HTMX, with plain-POST fallbacks),
plus joining and leaving a partnership."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from hub.services import ApplicationError
from partnerships.forms.membership import InviteForm, JoinForm, MemberFilterForm, RoleForm
from partnerships.mixins import PartnershipMixin
from partnerships.models import Invitation, JoinRequest, Membership
from partnerships.roles import PartnershipPerm, Role
from partnerships.selectors import membership as selectors
from partnerships.services import membership as services

TEMPLATE = "partnerships/members/member_list.html"
MEMBERS_CHANGED = "membersChanged"


def _first_error(form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return _("Check the form and try again.")


class MemberListView(PartnershipMixin, ListView):
    """Everyone with the view permission sees the members; leaders also manage
    invitations, requests to join and roles here."""

    section = "members"
    template_name = TEMPLATE
    paginate_by = 25
    context_object_name = "members"

    def get_queryset(self):
        self.filter_form = MemberFilterForm(self.request.GET or None)
        search, role = "", ""
        if self.filter_form.is_valid():
            search = self.filter_form.cleaned_data["q"]
            role = self.filter_form.cleaned_data["role"]
        self.filtering = bool(search or role)
        return selectors.member_list(partnership=self.partnership, search=search, role=role)

    def get_template_names(self):
        if self.request.htmx and self.request.htmx.target == "member-results":
            return [f"{TEMPLATE}#results"]
        return [TEMPLATE]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return member_page_context(self, context)


def member_page_context(view, context: dict, **overrides) -> dict:
    can_manage = view.has_perm(PartnershipPerm.MANAGE_MEMBERS)
    user = view.request.user
    context.update(
        filter_form=getattr(view, "filter_form", None) or MemberFilterForm(),
        filtering=getattr(view, "filtering", False),
        can_manage=can_manage,
        show_emails=view.role is not None or user.is_staff,
        role_choices=Role.choices,
        leader_role=Role.LEADER,
        now=timezone.now(),
    )
    if can_manage:
        context.update(
            invitations=list(selectors.invitation_pending_list(partnership=view.partnership)),
            join_requests=list(selectors.join_request_pending_list(partnership=view.partnership)),
            invite_form=InviteForm(),
        )
    context.update(overrides)
    return context


class LeaderActionView(PartnershipMixin, View):
    """A POST by a leader that calls one service. HTMX requests get the updated part
    of the page back; plain POSTs are redirected to the members page with a message."""

    required_perm = PartnershipPerm.MANAGE_MEMBERS
    http_method_names = ["post"]
    partial = ""
    # After a change, the member list reloads itself (HX-Trigger) to show who is in now.
    reloads_member_list = True

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.error = ""
        self.success = ""
        try:
            self.success = self.perform()
        except ApplicationError as error:
            self.error = error.message
        if request.htmx:
            failed = bool(self.error)
            response = self.render_partial()
            if not failed and self.reloads_member_list:
                response["HX-Trigger"] = MEMBERS_CHANGED
            return response
        if self.error:
            messages.error(request, self.error)
        elif self.success:
            messages.success(request, self.success)
        return redirect(self.members_url())

    def get_object(self):
        return None

    def perform(self) -> str:
        raise NotImplementedError

    def members_url(self) -> str:
        return reverse("partnerships:member-list", args=[self.partnership.slug])

    def render_partial(self, **extra) -> HttpResponse:
        context = member_page_context(
            self,
            {"partnership": self.partnership, "role": self.role},
            action_error=self.error,
            action_success=self.success,
            **extra,
        )
        return TemplateResponse(self.request, f"{TEMPLATE}#{self.partial}", context)


class MemberInviteView(LeaderActionView):
    partial = "invitations"

    def post(self, request, *args, **kwargs):
        self.form = InviteForm(request.POST)
        if not self.form.is_valid():
            if request.htmx:
                self.error, self.success = "", ""
                return self.render_partial(invite_form=self.form)
            messages.error(request, _first_error(self.form))
            return redirect(self.members_url())
        return super().post(request, *args, **kwargs)

    def perform(self) -> str:
        data = self.form.cleaned_data
        try:
            invitation = services.membership_invite(
                partnership=self.partnership,
                email=data["email"],
                role=data["role"],
                message=data["message"],
                expires_in_days=data["expires_in_days"],
                invited_by=self.request.user,
            )
        except ApplicationError as error:
            self.form.add_error(
                error.field if error.field in self.form.fields else None, error.message
            )
            raise
        return _("An invitation was sent to %(email)s.") % {"email": invitation.email}

    def render_partial(self, **extra) -> HttpResponse:
        if self.error:
            extra.setdefault("invite_form", self.form)
            self.error = ""
        return super().render_partial(**extra)


class InvitationActionView(LeaderActionView):
    partial = "invitations"

    def get_object(self):
        return self.get_tenant_object(Invitation.objects, uuid=self.kwargs["invitation_uuid"])


class InvitationResendView(InvitationActionView):
    def perform(self) -> str:
        invitation = services.invitation_resend(invitation=self.object, actor=self.request.user)
        return _("The invitation to %(email)s was sent again with a new link.") % {
            "email": invitation.email
        }


class InvitationRevokeView(InvitationActionView):
    def perform(self) -> str:
        invitation = services.invitation_revoke(invitation=self.object, actor=self.request.user)
        return _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}


class JoinRequestActionView(LeaderActionView):
    partial = "requests"

    def get_object(self):
        return self.get_tenant_object(
            JoinRequest.objects.select_related("user"), uuid=self.kwargs["join_request_uuid"]
        )


class JoinRequestApproveView(JoinRequestActionView):
    def perform(self) -> str:
        form = RoleForm(self.request.POST)
        if not form.is_valid():
            raise ApplicationError(_("Choose the role the new member gets."))
        services.join_request_approve(
            join_request=self.object, actor=self.request.user, role=form.cleaned_data["role"]
        )
        return _("%(name)s is now a member.") % {"name": self.object.user.get_full_name()}


class JoinRequestDeclineView(JoinRequestActionView):
    def perform(self) -> str:
        services.join_request_decline(join_request=self.object, actor=self.request.user)
        return _("The request from %(name)s was declined.") % {
            "name": self.object.user.get_full_name()
        }


class MembershipActionView(LeaderActionView):
    partial = "member_row"
    # The answer replaces the member's own row, with what happened in it; reloading the
    # whole list as well would wipe that message (and race a second click in the list).
    reloads_member_list = False

    def get_object(self):
        return self.get_tenant_object(
            Membership.objects.select_related("user"), uuid=self.kwargs["membership_uuid"]
        )

    def render_partial(self, **extra) -> HttpResponse:
        if self.object.user_id == self.request.user.pk and not self.error:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return super().render_partial(member=self.object, **extra)


class MemberRoleView(MembershipActionView):
    def perform(self) -> str:
        form = RoleForm(self.request.POST)
        if not form.is_valid():
            raise ApplicationError(_("Choose one of the roles."))
        self.object = services.membership_change_role(
            membership=self.object, role=form.cleaned_data["role"], actor=self.request.user
        )
        return _("%(name)s is now %(role)s.") % {
            "name": self.object.user.get_full_name(),
            "role": self.object.get_role_display(),
        }


class MemberRemoveView(MembershipActionView):
    def perform(self) -> str:
        services.membership_remove(membership=self.object, actor=self.request.user)
        self.removed = True
        return _("%(name)s was removed from the partnership.") % {
            "name": self.object.user.get_full_name()
        }

    def render_partial(self, **extra) -> HttpResponse:
        return super().render_partial(removed=getattr(self, "removed", False), **extra)


class MemberLeaveView(PartnershipMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        membership = selectors.membership_of(partnership=self.partnership, user=request.user)
        if membership is None:
            messages.error(request, _("You are not a member of this partnership."))
            return redirect("partnerships:profile", self.partnership.slug)
        try:
            services.membership_leave(membership=membership)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("partnerships:member-list", self.partnership.slug)
        messages.success(
            request, _("You left %(partnership)s.") % {"partnership": self.partnership.name}
        )
        return redirect("hub:dashboard")


class PartnershipJoinView(PartnershipMixin, View):
    """Join an open partnership, or ask to join one that takes requests."""

    required_perm = None
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        profile_url = reverse("partnerships:profile", args=[self.partnership.slug])
        if not request.user.is_authenticated:
            messages.info(request, _("Sign in or create an account first, then join."))
            return redirect(profile_url)
        form = JoinForm(request.POST)
        message = form.cleaned_data["message"] if form.is_valid() else ""
        try:
            result = services.membership_join(
                partnership=self.partnership, user=request.user, message=message
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(profile_url)
        if isinstance(result, Membership):
            messages.success(
                request,
                _("Welcome! You joined %(partnership)s.") % {"partnership": self.partnership.name},
            )
            return redirect("partnerships:workspace", self.partnership.slug)
        messages.success(
            request, _("Your request was sent. The leaders will answer it; you will be notified.")
        )
        return redirect(profile_url)
