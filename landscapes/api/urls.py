from django.urls import path

from landscapes.api import views

PARTNERSHIP = "partnerships/<slug:partnership_slug>/"

urlpatterns = [
    path("landscapes/", views.LandscapeListApi.as_view(), name="landscape-list"),
    path("boundaries/parse/", views.BoundaryParseApi.as_view(), name="boundary-parse"),
    path(
        f"{PARTNERSHIP}landscapes/",
        views.PartnershipLandscapeListApi.as_view(),
        name="partnership-landscape-list",
    ),
    path(
        f"{PARTNERSHIP}landscapes/<uuid:landscape_uuid>/",
        views.PartnershipLandscapeDetailApi.as_view(),
        name="partnership-landscape-detail",
    ),
    path(f"{PARTNERSHIP}sites/", views.SiteListApi.as_view(), name="site-list"),
    path(
        f"{PARTNERSHIP}sites/<uuid:site_uuid>/", views.SiteDetailApi.as_view(), name="site-detail"
    ),
]
