from django.urls import path

from hub.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.OrganizationListView.as_view(), name="organization-list"),
    path("<uuid:uuid>/", views.OrganizationDetailView.as_view(), name="organization-detail"),
]
