from django.urls import path

from partnerships.views import governance as views

urlpatterns = [
    path("governance/", views.GovernanceView.as_view(), name="governance"),
    path("governance/bodies/new/", views.BodyCreateView.as_view(), name="body-create"),
    path("governance/bodies/<uuid:body_uuid>/", views.BodyDetailView.as_view(), name="body-detail"),
    path("governance/bodies/<uuid:body_uuid>/edit/", views.BodyEditView.as_view(), name="body-edit"),
    path("governance/bodies/<uuid:body_uuid>/delete/", views.BodyDeleteView.as_view(), name="body-delete"),
    path("governance/bodies/<uuid:body_uuid>/members/new/", views.BodyMemberAddView.as_view(), name="body-member-add"),
    path("governance/seats/<uuid:seat_uuid>/edit/", views.BodyMemberEditView.as_view(), name="body-member-edit"),
    path("governance/seats/<uuid:seat_uuid>/delete/", views.BodyMemberDeleteView.as_view(), name="body-member-delete"),
    path("governance/meetings/", views.MeetingListView.as_view(), name="meeting-list"),
    path("governance/meetings/new/", views.MeetingCreateView.as_view(), name="meeting-create"),
    path("governance/meetings/<uuid:meeting_uuid>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("governance/meetings/<uuid:meeting_uuid>/edit/", views.MeetingEditView.as_view(), name="meeting-edit"),
    path("governance/meetings/<uuid:meeting_uuid>/delete/", views.MeetingDeleteView.as_view(), name="meeting-delete"),
    path("governance/meetings/<uuid:meeting_uuid>/attachments/", views.MeetingAttachmentAddView.as_view(), name="meeting-attachment-add"),
    path("governance/attachments/<uuid:attachment_uuid>/", views.MeetingAttachmentDownloadView.as_view(), name="meeting-attachment-download"),
    path("governance/attachments/<uuid:attachment_uuid>/delete/", views.MeetingAttachmentDeleteView.as_view(), name="meeting-attachment-delete"),
    path("governance/decisions/", views.DecisionListView.as_view(), name="decision-list"),
    path("governance/decisions/new/", views.DecisionCreateView.as_view(), name="decision-create"),
    path("governance/decisions/<uuid:decision_uuid>/edit/", views.DecisionEditView.as_view(), name="decision-edit"),
    path("governance/decisions/<uuid:decision_uuid>/delete/", views.DecisionDeleteView.as_view(), name="decision-delete"),
    path("governance/actions/", views.ActionListView.as_view(), name="action-list"),
    path("governance/actions/new/", views.ActionCreateView.as_view(), name="action-create"),
    path("governance/actions/<uuid:action_uuid>/edit/", views.ActionEditView.as_view(), name="action-edit"),
    path("governance/actions/<uuid:action_uuid>/delete/", views.ActionDeleteView.as_view(), name="action-delete"),
    path("governance/actions/<uuid:action_uuid>/status/", views.ActionStatusView.as_view(), name="action-status"),
]  # fmt: skip
