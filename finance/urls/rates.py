"""Hub staff pages for exchange rates, mounted at /finance/rates/ (namespace "rates")."""

from django.urls import path  # noqa: F401

app_name = "rates"

urlpatterns: list = []
