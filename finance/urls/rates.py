"""Hub staff pages for exchange rates, mounted at /finance/rates/ (namespace "rates")."""

from django.urls import path

from finance.views import rates as views

app_name = "rates"

urlpatterns = [
    path("", views.RateListView.as_view(), name="list"),
    path("import/", views.RateImportView.as_view(), name="import"),
    path("import/template.csv", views.RateTemplateView.as_view(), name="template"),
    path("delete/", views.RateDeleteView.as_view(), name="delete"),
]
