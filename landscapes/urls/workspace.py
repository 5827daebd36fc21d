from django.urls import path

from landscapes import views

app_name = "landscapes"

LANDSCAPE = "<slug:landscape_slug>/"

urlpatterns = [
    path("", views.LandscapeListView.as_view(), name="landscape-list"),
    path("new/", views.LandscapeCreateView.as_view(), name="landscape-create"),
    path(LANDSCAPE, views.LandscapeDetailView.as_view(), name="landscape-detail"),
    path(f"{LANDSCAPE}edit/", views.LandscapeEditView.as_view(), name="landscape-edit"),
    path(f"{LANDSCAPE}delete/", views.LandscapeDeleteView.as_view(), name="landscape-delete"),
    path(f"{LANDSCAPE}boundary/", views.BoundaryView.as_view(), name="boundary"),
    path(f"{LANDSCAPE}export.json", views.LandscapeExportJsonView.as_view(), name="export-json"),
    path(
        f"{LANDSCAPE}export.geojson",
        views.LandscapeExportGeoJsonView.as_view(),
        name="export-geojson",
    ),
    path(f"{LANDSCAPE}sites/new/", views.SiteCreateView.as_view(), name="site-create"),
    path(
        f"{LANDSCAPE}sites/<uuid:site_uuid>/edit/", views.SiteEditView.as_view(), name="site-edit"
    ),
    path(
        f"{LANDSCAPE}sites/<uuid:site_uuid>/delete/",
        views.SiteDeleteView.as_view(),
        name="site-delete",
    ),
    path(f"{LANDSCAPE}goals/new/", views.GoalCreateView.as_view(), name="goal-create"),
    path(
        f"{LANDSCAPE}goals/<uuid:goal_uuid>/edit/", views.GoalEditView.as_view(), name="goal-edit"
    ),
    path(
        f"{LANDSCAPE}goals/<uuid:goal_uuid>/delete/",
        views.GoalDeleteView.as_view(),
        name="goal-delete",
    ),
]
