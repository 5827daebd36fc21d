"""A partnership's finance pages, mounted at /p/<slug:partnership_slug>/finance/."""

from finance.urls.exports import urlpatterns as export_patterns
from finance.urls.mobilization import workspace_urlpatterns as mobilization_patterns
from finance.urls.portfolio import urlpatterns as portfolio_patterns
from finance.urls.sharing import urlpatterns as sharing_patterns

app_name = "finance"

urlpatterns = portfolio_patterns + export_patterns + sharing_patterns + mobilization_patterns
