"""The page an invitation email links to, and the step after signing in that lets a
person who signed up through an invitation land in the partnership."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from hub.services import ApplicationError
from partnerships.models import Invitation
from partnerships.selectors import membership as selectors
from partnerships.services import membership as services

SESSION_KEY = "partnership_invitation_token"


def _gone(request, invitation: Invitation | None, message: str = "") -> TemplateResponse:
    if invitation is None:
        message = _(
            "This invitation link is not valid. It may have been replaced by a newer one: "
            "use the link in the latest invitation email."
        )
    return TemplateResponse(
        request,
        "partnerships/invitations/invitation_gone.html",
        {"invitation": invitation, "message": message},
        status=404 if invitation is None else 410,
    )


class InvitationView(View):
    """GET shows the invitation and what to do next; POST accepts it."""

    template_name = "partnerships/invitations/invitation.html"

    def dispatch(self, request, *args, **kwargs):
        self.token = kwargs["token"]
        self.invitation = selectors.invitation_by_token(token=self.token)
        if self.invitation is None:
            request.session.pop(SESSION_KEY, None)
            return _gone(request, None)
        problem = services.invitation_problem(self.invitation)
        if problem:
            request.session.pop(SESSION_KEY, None)
            return _gone(request, self.invitation, problem)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            request.session[SESSION_KEY] = self.token
        return self.render(request)

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            request.session[SESSION_KEY] = self.token
            return redirect_to_login(request.get_full_path())
        try:
            services.invitation_accept(invitation=self.invitation, user=request.user)
        except ApplicationError as error:
            return self.render(request, error=error.message, status=400)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, _welcome(self.invitation))
        return redirect("partnerships:workspace", self.invitation.partnership.slug)

    def render(self, request, *, error: str = "", status: int = 200) -> TemplateResponse:
        user = request.user
        invitation = self.invitation
        membership = (
            selectors.membership_of(partnership=invitation.partnership, user=user)
            if user.is_authenticated
            else None
        )
        email_matches = user.is_authenticated and services.user_has_verified_email(
            user=user, email=invitation.email
        )
        context = {
            "invitation": invitation,
            "partnership": invitation.partnership,
            "role_label": invitation.get_role_display(),
            "membership": membership,
            "email_matches": email_matches,
            "error": error,
            "signup_url": reverse("account_signup") + "?" + urlencode({"email": invitation.email}),
            "login_url": reverse("account_login")
            + "?"
            + urlencode({"next": request.get_full_path()}),
        }
        return TemplateResponse(request, self.template_name, context, status=status)


def _welcome(invitation: Invitation) -> str:
    return _("Welcome to %(partnership)s! You joined as %(role)s.") % {
        "partnership": invitation.partnership.name,
        "role": invitation.get_role_display(),
    }


def invitation_accept_after_login(*, request, user, response):
    """Called after every sign-in (``HUB_POST_LOGIN_HOOKS``): a person who opened an
    invitation before signing up or in joins now and lands in the partnership."""
    token = request.session.pop(SESSION_KEY, None)
    if not token or not isinstance(response, HttpResponseRedirect):
        return response
    invitation = selectors.invitation_by_token(token=token)
    if invitation is None:
        return response
    problem = services.invitation_problem(invitation)
    if problem:
        messages.warning(request, problem)
        return response
    if selectors.membership_of(partnership=invitation.partnership, user=user) is not None:
        return redirect("partnerships:workspace", invitation.partnership.slug)
    try:
        services.invitation_accept(invitation=invitation, user=user)
    except ApplicationError:
        return redirect("partnerships-public:invitation", token)
    messages.success(request, _welcome(invitation))
    return redirect("partnerships:workspace", invitation.partnership.slug)
