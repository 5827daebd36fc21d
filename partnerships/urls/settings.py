from django.urls import path

from partnerships.views import apikeys

urlpatterns = [
    path("settings/", apikeys.SettingsView.as_view(), name="settings"),
    path("settings/api-keys/", apikeys.ApiKeyListView.as_view(), name="apikey-list"),
    path("settings/api-keys/new/", apikeys.ApiKeyCreateView.as_view(), name="apikey-create"),
    path(
        "settings/api-keys/<uuid:apikey_uuid>/revoke/",
        apikeys.ApiKeyRevokeView.as_view(),
        name="apikey-revoke",
    ),
]
