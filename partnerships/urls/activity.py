"""The hub staff activity feed across partnerships, mounted at /activity/."""

from django.urls import path

from partnerships.views.activity import HubActivityView

app_name = "activity"

urlpatterns = [path("", HubActivityView.as_view(), name="hub")]
