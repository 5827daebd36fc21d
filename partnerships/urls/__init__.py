"""Pages of one partnership, mounted at /p/<partnership_slug>/ (namespace "partnerships")."""

from partnerships.urls import (
    exportlinks,
    governance,
    integrations,
    members,
    pages,
    partners,
    process,
    settings,
    workspace,
)

app_name = "partnerships"

urlpatterns = [
    *workspace.urlpatterns,
    *pages.urlpatterns,
    *members.urlpatterns,
    *partners.urlpatterns,
    *governance.urlpatterns,
    *process.urlpatterns,
    *settings.urlpatterns,
    *integrations.urlpatterns,
    *exportlinks.urlpatterns,
]
