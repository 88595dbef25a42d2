"""Zhiben settings: one file, configured by environment variables.

SQLite is the zero-setup default; set DATABASE_URL for PostgreSQL. Production
mode (DEBUG off) requires SECRET_KEY and ALLOWED_HOSTS from the environment.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default=False):
    return os.environ.get(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


def envint(name, default):
    return int(os.environ.get(name, default))


def envlist(name, default=""):
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


DEBUG = envbool("DEBUG", True)
_DEV_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_KEY if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("生产环境必须设置环境变量 SECRET_KEY")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "core",
    "org",
    "enterprises",
    "hazards",
    "plans",
    "accidents",
    "inspections",
    "tipoffs",
    "risks",
    "safety",
    "obligations",
    "duties",
    "appraisal",
    "reports",
    "notify",
    "audit",
    "security",
    "axes",
    "api",
    "dashboard",
    "demo",
    "django_q",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.middleware.InputGuardMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.capture.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "security.middleware.AccountPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhiben.urls"
WSGI_APPLICATION = "zhiben.wsgi.application"

FORM_RENDERER = "core.renderers.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "core.context_processors.kept_form",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite: WAL so readers never block the writer, IMMEDIATE transactions so a
# write transaction takes the lock up front instead of failing half-way with
# "database is locked" when two requests upgrade at once.
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 10,  # then a 503 "系统繁忙" with Retry-After (core.views.server_error)
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # Tests use a file, not shared-cache memory: only a file database waits for
    # locks the way production does (the concurrency tests depend on it).
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_SQLITE_NAME", str(BASE_DIR / "test-db.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Length and character classes come from the security policy the security administrator sets.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "security.validators.PolicyValidator"},
    {"NAME": "security.validators.HistoryValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes counts failed logins (web form, admin and the API token endpoint) and locks
# per account and, separately, per address; the policy row sets the threshold and duration.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "org.backends.AccountBackend"]
AXES_FAILURE_LIMIT = "security.lockout.failure_limit"
AXES_COOLOFF_TIME = "security.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "security.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # logins are in our own audit log
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# --- Locale ----------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploads ------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Serve static files from the app dirs in development and tests (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
# Upload limits (bytes): Excel imports and attachments; each photo.
MAX_UPLOAD_SIZE = envint("MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
MAX_PHOTO_SIZE = envint("MAX_PHOTO_SIZE", 8 * 1024 * 1024)
# Several photos per form: the request may carry more than one file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * MAX_UPLOAD_SIZE
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_SIZE

# Public tip-offs (/jubao/): submissions allowed per client address.
TIPOFF_RATE_PER_HOUR = envint("TIPOFF_RATE_PER_HOUR", 3)
TIPOFF_RATE_PER_DAY = envint("TIPOFF_RATE_PER_DAY", 10)
# Behind a reverse proxy, the request header holding the client address
# (e.g. HTTP_X_REAL_IP); empty = REMOTE_ADDR. Only set it when the proxy overwrites the header.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")

# --- Sessions and security -----------------------------------------------------
# The idle timeout is the security policy's (security.middleware); the cookie caps a working day.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 12 * 60 * 60)
# Not saved on every request: the account policy (security.middleware) records activity once a minute,
# which also slides the session's expiry.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    # Load-balancer probes talk plain HTTP to each app server.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Reminders, inbox and outside channels (notify app, SPEC §10) -------------------
# Absolute links in e-mails and robot messages.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# The daily pass runs at this local time (HH:MM); the delivery sweep every minute.
NOTIFY_DAILY_AT = os.environ.get("NOTIFY_DAILY_AT", "07:30")
# E-mail a copy of each message to people with an address (via the mail settings below).
NOTIFY_EMAIL = envbool("NOTIFY_EMAIL", True)
# Seconds to wait for a 钉钉/企业微信 robot. Robots are set per unit at /notify/webhooks/.
NOTIFY_WEBHOOK_TIMEOUT = envint("NOTIFY_WEBHOOK_TIMEOUT", 5)
# Robot hosts on a private network that Zhiben may call all the same (an intranet relay);
# every other non-public address is refused when saved and again when sent.
WEBHOOK_ALLOWED_HOSTS = envlist("WEBHOOK_ALLOWED_HOSTS")
# django-q2: the database is the broker unless REDIS_URL is set (then `pip install redis`).
Q_CLUSTER = {"name": "zhiben", "workers": 1, "timeout": 300, "retry": 360, "max_attempts": 1,
             "catch_up": False, "poll": 5, "ack_failures": True, "label": "后台任务"}
if os.environ.get("REDIS_URL"):
    Q_CLUSTER["redis"] = os.environ["REDIS_URL"]
else:
    Q_CLUSTER["orm"] = "default"

# --- Mail ------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zhiben@localhost")

# --- Maps --------------------------------------------------------------------------
# Map tiles: {z}/{x}/{y} template. Empty means "no tiles" (intranet without a tile server);
# maps then draw markers on a blank background.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")
# 天地图 key (https://console.tianditu.gov.cn): when set, its vector and annotation layers are the base map.
TIANDITU_KEY = os.environ.get("TIANDITU_KEY", "")

# --- API ------------------------------------------------------------------------
# An API token lives this many hours from its issue; a password change, 退出所有设备 or a lockout
# revokes it at once.
API_TOKEN_HOURS = envint("API_TOKEN_HOURS", 12)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated",
                                   "api.permissions.AccountInGoodStanding"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "治本 Zhiben API",
    "DESCRIPTION": "交通运输安全生产治本攻坚管理系统接口。所有数据按当前用户的数据范围过滤。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_error_responses"],
    "ENUM_NAME_OVERRIDES": {
        "EnterpriseStatusEnum": "enterprises.models.Enterprise.Status",
        "HazardLevelEnum": "hazards.models.Hazard.Level",
        "SupervisionLevelEnum": "hazards.models.Supervision.Level",
        "RegionLevelEnum": "org.models.Region.Level",
        "UnitKindEnum": "org.models.Unit.Kind",
        "WorkRecordKindEnum": "duties.models.WorkRecord.Kind",
        "DrillKindEnum": "safety.models.Drill.Kind",
        "SelfCheckResultEnum": "obligations.models.SelfCheckItem.Result",
        "ScheduleEveryEnum": "inspections.models.InspectionSchedule.EVERY",
        "CheckItemResultEnum": "inspections.models.CheckItem.Result",
        "SignatureRoleEnum": "inspections.models.Signature.Role",
        "FilingKindEnum": "obligations.models.Filing.Kind",
        "FilingStateEnum": "obligations.models.Filing.State",
        "RoundStateEnum": "appraisal.models.Round.State",
        "RoundPeriodEnum": "appraisal.models.Round.Period",
        "SchemeTargetEnum": "appraisal.models.Scheme.Target",
        "InspectionKindEnum": "inspections.models.Inspection.Kind",
        "InspectionStatusEnum": "inspections.models.Inspection.Status",
        "EnforcementKindEnum": "inspections.models.EnforcementAction.Kind",
        "EnforcementStatusEnum": "inspections.models.EnforcementAction.Status",
        "TipOffStateEnum": "tipoffs.models.TipOff.State",
        "HazardStateEnum": "hazards.models.State",
        "RiskLevelEnum": "risks.models.RiskPoint.Level",
        "MessageKindEnum": "notify.models.Message.Kind",
        "ReminderSourceEnum": "notify.models.Source",
        "ReminderAudienceEnum": "notify.models.Audience",
        "HazardSourceEnum": "hazards.models.Hazard.Source",
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # jieba and WeasyPrint log every step at INFO; keep the console for what matters.
    "loggers": {name: {"level": "WARNING"} for name in ("jieba", "weasyprint", "fontTools")},
}

# Demo/display name of the deployment (shown in the header).
SITE_TITLE = os.environ.get("SITE_TITLE", "治本 · 交通运输安全生产治理系统")
