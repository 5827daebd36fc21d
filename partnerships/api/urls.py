"""/api/v1/ endpoints of the partnerships app, one module per area."""

from partnerships.api import core, governance, partners, process

urlpatterns = [
    *core.urlpatterns,
    *partners.urlpatterns,
    *governance.urlpatterns,
    *process.urlpatterns,
]
