"""Portfolio exports under /p/<slug>/finance/exports/ (namespace "finance")."""

from django.urls import path

from finance.views import exports as views

urlpatterns = [
    path("exports/", views.ExportsView.as_view(), name="exports"),
    path("exports/portfolio.xlsx", views.PortfolioXlsxView.as_view(), name="export-xlsx"),
    path("exports/investments.csv", views.PortfolioCsvView.as_view(), name="export-csv"),
    path("exports/iati.xml", views.PortfolioIatiView.as_view(), name="export-iati"),
    path("exports/summary.pdf", views.PortfolioPdfStartView.as_view(), name="export-pdf"),
]
