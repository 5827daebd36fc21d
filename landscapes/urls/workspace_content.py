"""A partnership's stories and library proposals, mounted at /p/<partnership_slug>/
(namespace "content"): stories/... and library/...."""

from django.urls import path

from landscapes import views_content as views

app_name = "content"

STORY = "stories/<uuid:story_uuid>/"

urlpatterns = [
    path("stories/", views.PartnershipStoryListView.as_view(), name="story-list"),
    path("stories/new/", views.PartnershipStoryCreateView.as_view(), name="story-create"),
    path(STORY, views.PartnershipStoryDetailView.as_view(), name="story-detail"),
    path(f"{STORY}edit/", views.PartnershipStoryEditView.as_view(), name="story-edit"),
    path(f"{STORY}submit/", views.PartnershipStorySubmitView.as_view(), name="story-submit"),
    path(f"{STORY}delete/", views.PartnershipStoryDeleteView.as_view(), name="story-delete"),
    path("library/", views.PartnershipResourceListView.as_view(), name="resource-list"),
    path(
        "library/propose/",
        views.PartnershipResourceProposeView.as_view(),
        name="resource-propose",
    ),
    path(
        "library/<uuid:resource_uuid>/withdraw/",
        views.PartnershipResourceWithdrawView.as_view(),
        name="resource-withdraw",
    ),
]
