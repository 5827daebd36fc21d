from django.urls import path

from partnerships.views import pages

urlpatterns = [
    path("settings/profile/", pages.ProfileSettingsView.as_view(), name="settings-profile"),
]
