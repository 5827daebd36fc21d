"""The hub staff coordination dashboard, mounted at /coordination/."""

from django.urls import path

from partnerships.views.coordination import CoordinationView

app_name = "coordination"

urlpatterns = [path("", CoordinationView.as_view(), name="dashboard")]
