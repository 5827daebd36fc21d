"""The hub scorecard, mounted at /scorecard/ with namespace "scorecard"."""

from django.urls import path

from mel.views import scorecard

app_name = "scorecard"

urlpatterns = [
    path("", scorecard.PublicScorecardView.as_view(), name="public"),
    path("manage/", scorecard.ScorecardStaffView.as_view(), name="manage"),
    path("manage/publish/", scorecard.ScorecardPublishView.as_view(), name="publish"),
    path("manage/export/", scorecard.ScorecardExportView.as_view(), name="export"),
    path(
        "manage/<uuid:snapshot_uuid>/unpublish/",
        scorecard.ScorecardUnpublishView.as_view(),
        name="unpublish",
    ),
]
