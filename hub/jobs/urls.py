from django.urls import path

from hub.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.JobListView.as_view(), name="list"),
    path("demo-export/", views.DemoExportStartView.as_view(), name="demo-export"),
    path("<uuid:uuid>/", views.JobDetailView.as_view(), name="detail"),
    path("<uuid:uuid>/download/", views.JobDownloadView.as_view(), name="download"),
    path("<uuid:uuid>/retry/", views.JobRetryView.as_view(), name="retry"),
]
