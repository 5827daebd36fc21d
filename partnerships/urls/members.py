from django.urls import path

from partnerships.views import members

urlpatterns = [
    path("members/", members.MemberListView.as_view(), name="member-list"),
    path("members/invite/", members.MemberInviteView.as_view(), name="member-invite"),
    path("members/leave/", members.MemberLeaveView.as_view(), name="member-leave"),
    path(
        "members/<uuid:membership_uuid>/role/",
        members.MemberRoleView.as_view(),
        name="member-role",
    ),
    path(
        "members/<uuid:membership_uuid>/remove/",
        members.MemberRemoveView.as_view(),
        name="member-remove",
    ),
    path(
        "members/invitations/<uuid:invitation_uuid>/resend/",
        members.InvitationResendView.as_view(),
        name="invitation-resend",
    ),
    path(
        "members/invitations/<uuid:invitation_uuid>/revoke/",
        members.InvitationRevokeView.as_view(),
        name="invitation-revoke",
    ),
    path(
        "members/requests/<uuid:join_request_uuid>/approve/",
        members.JoinRequestApproveView.as_view(),
        name="join-request-approve",
    ),
    path(
        "members/requests/<uuid:join_request_uuid>/decline/",
        members.JoinRequestDeclineView.as_view(),
        name="join-request-decline",
    ),
    path("join/", members.PartnershipJoinView.as_view(), name="partnership-join"),
]
