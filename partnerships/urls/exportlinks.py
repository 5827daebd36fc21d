from django.urls import path

from partnerships.views import exportlinks

urlpatterns = [
    path(
        "settings/export-links/",
        exportlinks.ExportLinkListView.as_view(),
        name="exportlink-list",
    ),
    path(
        "settings/export-links/new/",
        exportlinks.ExportLinkCreateView.as_view(),
        name="exportlink-create",
    ),
    path(
        "settings/export-links/<uuid:exportlink_uuid>/revoke/",
        exportlinks.ExportLinkRevokeView.as_view(),
        name="exportlink-revoke",
    ),
]
