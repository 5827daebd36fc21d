from csp.decorators import csp_update
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from capacity.views.public import CertificateVerifyView
from hub import views
from hub.api.views import ApiNotFoundView
from hub.search.views import SearchView
from landscapes.sitemaps import SITEMAPS

_docs_policy = csp_update(
    {"script-src": ["'unsafe-inline'", "blob:"], "worker-src": ["'self'", "blob:"]}
)

hub_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("search/", SearchView.as_view(), name="search"),
]

api_v1_patterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The documentation viewers start from inline scripts of their own (no user content).
    path(
        "docs/", _docs_policy(SpectacularSwaggerView.as_view(url_name="api-v1:schema")), name="docs"
    ),
    path(
        "redoc/",
        _docs_policy(
            SpectacularRedocView.as_view(url_name="api-v1:schema", template_name="api/redoc.html")
        ),
        name="redoc",
    ),
    path("", include("hub.api.urls")),
    path("", include("partnerships.api.urls")),
    path("", include("landscapes.api.urls")),
    path("", include("capacity.api.urls")),
    path("", include("mel.api.urls")),
    path("", include("finance.api.urls")),
    # Keep last: any other address under /api/v1/ answers the JSON 404.
    re_path(r"^.*$", ApiNotFoundView.as_view(), name="not-found"),
]

urlpatterns = [
    path("", include((hub_patterns, "hub"))),
    path("accounts/", include("hub.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("jobs/", include("hub.jobs.urls")),
    path("notifications/", include("hub.notifications.urls")),
    path("organizations/", include("hub.organizations.urls")),
    path("api/v1/", include((api_v1_patterns, "api-v1"))),
    path("p/<slug:partnership_slug>/landscapes/", include("landscapes.urls.workspace")),
    path("p/<slug:partnership_slug>/capacity/", include("capacity.urls.workspace")),
    path("p/<slug:partnership_slug>/mel/", include("mel.urls")),
    path("p/<slug:partnership_slug>/finance/", include("finance.urls")),
    path("p/<slug:partnership_slug>/", include("landscapes.urls.workspace_content")),
    path("p/<slug:partnership_slug>/", include("partnerships.urls")),
    path("landscapes/", include("landscapes.urls.public")),
    path("stories/", include("landscapes.urls.stories")),
    path("library/", include("landscapes.urls.library")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("partnerships/", include("partnerships.urls.public")),
    path("capacity/", include("capacity.urls.hub")),
    path("scorecard/", include("mel.urls_scorecard")),
    path("coordination/", include("partnerships.urls.coordination")),
    path("activity/", include("partnerships.urls.activity")),
    path("funders/", include("finance.urls.funders")),
    path("finance/rates/", include("finance.urls.rates")),
    path("finance/mobilization/", include("finance.urls.mobilization")),
    path("exports/", include("partnerships.exports.urls")),
    path(
        "certificates/verify/<str:code>/",
        CertificateVerifyView.as_view(),
        name="capacity-verify",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
