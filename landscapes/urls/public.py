from django.urls import path

from landscapes import views

app_name = "landscapes-public"

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    path("embed/", views.EmbedView.as_view(), name="embed"),
    path("export.csv", views.DirectoryCsvView.as_view(), name="export-csv"),
    path("shapes.json", views.DirectoryShapesView.as_view(), name="shapes"),
]
