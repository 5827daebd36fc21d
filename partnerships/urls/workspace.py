from django.urls import path

from partnerships.views import activity, workspace

urlpatterns = [
    path("", workspace.PartnershipProfileView.as_view(), name="profile"),
    path("workspace/", workspace.WorkspaceHomeView.as_view(), name="workspace"),
    path("activity/", activity.PartnershipActivityView.as_view(), name="activity"),
    path(
        "workspace/short-description/",
        workspace.ShortDescriptionEditView.as_view(),
        name="workspace-short-description",
    ),
]
