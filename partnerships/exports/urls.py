"""The public address of export links: /exports/<token>.csv or .json (no session)."""

from django.urls import path

from partnerships.views.exportlinks import ExportLinkDownloadView

app_name = "exports"

urlpatterns = [
    # <token> is "<prefix>.<secret>"; <fmt> is csv or json (anything else is 404).
    path("<str:token>.<str:fmt>", ExportLinkDownloadView.as_view(), name="download"),
]
