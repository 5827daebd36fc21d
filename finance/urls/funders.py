"""Funder pages across partnerships, mounted at /funders/ (namespace "funders")."""

from django.urls import path  # noqa: F401

app_name = "funders"

urlpatterns: list = []
