"""Stories, mounted at /stories/ (namespace "stories"): the public list, story pages
and feeds, and the hub staff review pages under review/."""

from django.urls import path

from landscapes import feeds
from landscapes import views_content as views

app_name = "stories"

STORY = "review/<uuid:story_uuid>/"

urlpatterns = [
    path("", views.StoryListView.as_view(), name="list"),
    path("feed/rss/", feeds.StoriesRssFeed(), name="feed-rss"),
    path("feed/atom/", feeds.StoriesAtomFeed(), name="feed-atom"),
    path("review/", views.StoryReviewListView.as_view(), name="review"),
    path("review/new/", views.HubStoryCreateView.as_view(), name="create"),
    path(STORY, views.StoryReviewDetailView.as_view(), name="review-detail"),
    path(f"{STORY}edit/", views.StaffStoryEditView.as_view(), name="edit"),
    path(
        f"{STORY}publish/",
        views.StaffStoryActionView.as_view(action="publish"),
        name="publish",
    ),
    path(
        f"{STORY}unpublish/",
        views.StaffStoryActionView.as_view(action="unpublish"),
        name="unpublish",
    ),
    path(f"{STORY}return/", views.StaffStoryActionView.as_view(action="return"), name="return"),
    path(f"{STORY}delete/", views.StaffStoryActionView.as_view(action="delete"), name="delete"),
    path("<uuid:story_uuid>/", views.StoryDetailView.as_view(), name="detail"),
]
