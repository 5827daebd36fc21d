"""The knowledge library, mounted at /library/ (namespace "library"): the public
library and resource pages, and the hub staff pages under review/."""

from django.urls import path

from landscapes import views_content as views

app_name = "library"

RESOURCE = "review/<uuid:resource_uuid>/"

urlpatterns = [
    path("", views.LibraryView.as_view(), name="list"),
    path("review/", views.LibraryReviewListView.as_view(), name="review"),
    path("review/new/", views.ResourceCreateView.as_view(), name="create"),
    path(RESOURCE, views.ResourceReviewDetailView.as_view(), name="review-detail"),
    path(f"{RESOURCE}edit/", views.ResourceEditView.as_view(), name="edit"),
    path(
        f"{RESOURCE}approve/",
        views.StaffResourceActionView.as_view(action="approve"),
        name="approve",
    ),
    path(
        f"{RESOURCE}decline/",
        views.StaffResourceActionView.as_view(action="decline"),
        name="decline",
    ),
    path(
        f"{RESOURCE}delete/",
        views.StaffResourceActionView.as_view(action="delete"),
        name="delete",
    ),
    path("<uuid:resource_uuid>/", views.ResourceDetailView.as_view(), name="detail"),
]
