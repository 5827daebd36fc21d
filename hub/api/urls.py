from django.urls import path

from hub.api import views

urlpatterns = [
    path("users/me/", views.UserMeApi.as_view(), name="user-me"),
    path("organizations/", views.OrganizationListApi.as_view(), name="organization-list"),
    path(
        "organizations/<uuid:organization_uuid>/",
        views.OrganizationDetailApi.as_view(),
        name="organization-detail",
    ),
]
