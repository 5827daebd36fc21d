"""Landscape Hub settings, read from the environment (django-environ).

Development needs no variables at all: the defaults point at the embedded PostgreSQL
and Redis that ``make run`` starts (see ``hub/devservices.py``). Production sets
``DJANGO_ENV=production`` plus ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL``,
``REDIS_URL`` and ``EMAIL_URL``.
"""

import sys
from pathlib import Path

import environ
import pghistory
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from hub.devservices import DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

ENVIRONMENT = env.str("DJANGO_ENV", default="development")
PRODUCTION = ENVIRONMENT == "production"
TESTING = env.bool("HUB_TESTING", default=False) or "pytest" in sys.modules

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # before django.contrib.admin so its "Events" buttons on change forms are used
    "pghistory.admin",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.microsoft",
    "axes",
    "pgtrigger",
    "pghistory",
    "django_htmx",
    "csp",
    "template_partials",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "guardian",
    "django_countries",
    # ours: platform core first, then the domain apps
    "hub",
    "partnerships",
    "landscapes",
    "mel",
    "capacity",
    "finance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hub.middleware.UserLanguageMiddleware",
    "hub.middleware.TimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "hub.middleware.AdminTwoFactorMiddleware",
    "hub.middleware.AuditContextMiddleware",
    "partnerships.middleware.ApiUsageMiddleware",
    # API writes: Idempotency-Key replay, then ETag / If-Match (ADR 0011)
    "hub.api.idempotency.IdempotencyMiddleware",
    "hub.api.conditional.ConditionalRequestMiddleware",
    # axes goes last so it sees the outcome of every authentication attempt
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"
ASGI_APPLICATION = "hub.asgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hub.context_processors.platform",
            ],
        },
    },
]

# --- Data stores ----------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=DEFAULT_DATABASE_URL)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default=DEFAULT_REDIS_URL)
CACHES = {
    "default": {
        # Redis errors are logged and treated as cache misses: pages keep working
        # (sessions fall back to the database) while Redis restarts (ADR 0015).
        "BACKEND": "hub.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "hub",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
if TESTING:
    # Each test process gets a private cache; Redis itself is exercised by the
    # Celery worker tests.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
FILE_STORAGE_BACKEND = env.str("FILE_STORAGE", default="local")  # local | s3
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if FILE_STORAGE_BACKEND == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "hub.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "partnerships.backends.MembershipBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Cross-tenant grants only (a funder on a portfolio, a trainer on a cohort); models that
# get grants use guardian's direct foreign-key tables. No anonymous pseudo-user.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "hub:dashboard"
LOGOUT_REDIRECT_URL = "hub:home"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Landscape Hub] "
ACCOUNT_FORMS = {"signup": "hub.forms.SignupForm"}
ACCOUNT_ADAPTER = "hub.adapters.AccountAdapter"
ACCOUNT_RATE_LIMITS = False if TESTING else {}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Landscape Hub"
# Django admin only after a second factor in the session (hub.middleware).
HUB_ADMIN_REQUIRES_MFA = True

# Social login: off unless a provider's client id is configured.
SOCIALACCOUNT_PROVIDERS = {}
if env.str("GOOGLE_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APPS": [{"client_id": env.str("GOOGLE_CLIENT_ID"), "secret": env.str("GOOGLE_SECRET")}],
        "SCOPE": ["profile", "email"],
    }
if env.str("MICROSOFT_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["microsoft"] = {
        "APPS": [
            {
                "client_id": env.str("MICROSOFT_CLIENT_ID"),
                "secret": env.str("MICROSOFT_SECRET"),
                "settings": {"tenant": env.str("MICROSOFT_TENANT", default="common")},
            }
        ],
    }
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_ADAPTER = "hub.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True

# Brute-force protection (django-axes): lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "hub.security.axes_username"
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_LOCKOUT_CALLABLE = "hub.security.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

# --- Email ----------------------------------------------------------------------------
# Development writes messages to var/mail (shown in the in-app outbox for staff).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="filemail://" + str(VAR_DIR / "mail"))
vars().update(EMAIL_CONFIG)
if EMAIL_CONFIG.get("EMAIL_BACKEND", "").endswith("filebased.EmailBackend"):
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Landscape Hub <hub@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Audit ----------------------------------------------------------------------------
# Row history by database triggers: inserts, updates and deletes of every tracked model.
PGHISTORY_DEFAULT_TRACKERS = (
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
)
PGHISTORY_ADMIN_MODEL = "pghistory.MiddlewareEvents"
PGHISTORY_ADMIN_CLASS = "hub.admin.HistoryEventsAdmin"
PGHISTORY_ADMIN_LIST_DISPLAY = [
    "pgh_created_at",
    "pgh_label",
    "pgh_obj_model",
    "pgh_obj_id",
    "pgh_diff",
    "user",
    "origin",
]

# --- Celery ---------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="hub")
# A message taken by a worker that died (SIGKILL, lost host) is handed out again once
# it has been unacknowledged for visibility_timeout seconds; it must stay above the
# longest task time limit (report_render_task: 1900 s) or running tasks get a second
# delivery. Workers look for such messages every unacked_restore_interval s (ADR 0015).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=30),
    "unacked_restore_throttle": 1,
    "socket_timeout": 10,
    "socket_connect_timeout": 5,
}
# The reliability tests (tests/reliability/) make the report rendering of their
# worker last this many seconds; never set outside tests.
HUB_TEST_JOB_PAUSE = env.float("HUB_TEST_JOB_PAUSE", default=0) if TESTING else 0
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "webhook-deliveries-due": {
        "task": "partnerships.webhooks.tasks.webhook_deliveries_due_task",
        "schedule": crontab(),
    },
    "jobs-cleanup": {"task": "hub.tasks.job_cleanup_task", "schedule": crontab(minute=17, hour=3)},
    "jobs-requeue-stale": {
        "task": "hub.tasks.jobs_requeue_stale_task",
        "schedule": crontab(minute="*/5"),
    },
    "emails-requeue-stale": {
        "task": "hub.tasks.emails_requeue_stale_task",
        "schedule": crontab(minute="*/5"),
    },
    "invitations-expire": {
        "task": "partnerships.tasks_membership.invitation_expire_task",
        "schedule": crontab(minute=11),
    },
    # Monday morning: last week's activity, one email per person per ISO week.
    "partnerships-weekly-digest": {
        "task": "partnerships.tasks_digest.digest_weekly_task",
        "schedule": crontab(minute=0, hour=6, day_of_week=1),
    },
    "governance-action-item-reminders": {
        "task": "partnerships.tasks.action_item_reminders_task",
        "schedule": crontab(minute=5, hour=6),
    },
    "mel-scheduled-reports": {
        "task": "mel.tasks.report_schedules_task",
        "schedule": crontab(minute=25, hour=5),
    },
    "mel-data-reminders": {
        "task": "mel.tasks.data_reminders_task",
        "schedule": crontab(minute=35, hour=6),
    },
    "mel-auto-values": {
        "task": "mel.tasks.auto_values_pull_task",
        "schedule": crontab(minute=45, hour=4),
    },
    "finance-mobilization-reminders": {
        "task": "finance.tasks.mobilization_reminders_task",
        "schedule": crontab(minute=50, hour=6),
    },
}

# --- REST API -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "partnerships.api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "hub.api.permissions.ApiKeyScope",
    ],
    "DEFAULT_SCHEMA_CLASS": "hub.api.schema.HubAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "hub.api.pagination.HubCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "hub.api.filters.HubOrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["hub.api.throttling.ApiKeyRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env.str("API_RATE", default="1200/hour")},
    "EXCEPTION_HANDLER": "hub.api.exceptions.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Outgoing webhooks (ADR 0010): first retry after this many seconds, then doubling.
WEBHOOK_RETRY_BASE_SECONDS = env.float("WEBHOOK_RETRY_BASE_SECONDS", default=30)
SPECTACULAR_SETTINGS = {
    # Webhook payloads (ADR 0010); OpenAPI 3.0 keeps them as "x-webhooks".
    "WEBHOOKS": [
        f"partnerships.webhooks.schema.{name}"
        for name in (
            "measurement_submitted",
            "measurement_approved",
            "report_ready",
            "member_joined",
            "investment_stage_changed",
            "portfolio_shared",
            "review_decided",
            "webhook_test",
        )
    ],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "partnerships.webhooks.schema.webhooks_as_extension",
    ],
    "TITLE": "Landscape Hub API",
    "DESCRIPTION": "Read and write landscape partnership data.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and ReDoc are served from static files, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Name shared choice sets once, so fields called "status" in different models
    # get their own, stable enum names (a generated client depends on them).
    "ENUM_NAME_OVERRIDES": {
        "PartnershipStatusEnum": "partnerships.models.partnership.Partnership.Status",
        "PartnershipVisibilityEnum": "partnerships.models.partnership.Partnership.Visibility",
        "PartnershipJoinPolicyEnum": "partnerships.models.partnership.Partnership.JoinPolicy",
        "PartnershipApprovalEnum": "partnerships.models.partnership.Partnership.Approval",
        "RoleEnum": "partnerships.roles.Role",
        "SiteKindEnum": "landscapes.models.Site.Kind",
        "GeometryKindEnum": "landscapes.models.GeometryKind",
        "AreaTypeEnum": "landscapes.models.AreaType",
        "OrganizationTypeEnum": "hub.models.organizations.Organization.Type",
        "EnrollmentStatusEnum": "capacity.models.participants.Enrollment.Status",
        "AttendanceStatusEnum": "capacity.models.participants.Attendance.Status",
        "LanguageEnum": LANGUAGES,
    },
    "TAGS": [
        {"name": "users", "description": "The caller."},
        {"name": "organizations", "description": "Organizations known to the hub."},
        {"name": "partnerships", "description": "Partnerships and their profiles."},
        {"name": "members", "description": "Members of a partnership and their roles."},
    ],
}

# --- Security -------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the cookie-free meta tag instead
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Map tiles are the only thing pages load from elsewhere.
LANDSCAPES_TILE_URL = env.str(
    "LANDSCAPES_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
_TILE_ORIGIN = "/".join(LANDSCAPES_TILE_URL.split("/", 3)[:3]).replace("{s}", "*")
# Scripts only from our own static files (no inline script or handler anywhere; a test
# scans the templates); inline style attributes stay allowed (Leaflet, progress bars).
# The embed widget and the API docs pages relax it per view.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", _TILE_ORIGIN],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The hub's own settings
HUB_JOB_RESULT_RETENTION_DAYS = 30
HUB_DEMO_PASSWORD = "landscapes-demo"  # noqa: S105 (demo data only; seed_demo refuses production)
# Called as hook(request=, user=, response=) after every sign-in; each returns the response
# (hub stays free of domain imports: partnerships plugs in here).
HUB_POST_LOGIN_HOOKS = ["partnerships.views.invitations.invitation_accept_after_login"]

# Finance: exchange rates are stored per unit of the base currency; IATI activity
# identifiers are "<reporting organisation ref>-<investment uuid>" unless one is set.
FINANCE_BASE_CURRENCY = "USD"
IATI_REPORTING_ORG_REF = env.str("IATI_REPORTING_ORG_REF", default="XI-IATI-LANDSCAPEHUB")
IATI_REPORTING_ORG_NAME = env.str(
    "IATI_REPORTING_ORG_NAME", default="1000 Landscapes for 1 Billion People — Landscape Hub"
)
