"""Settings shared by every environment. Secrets and DATABASE_URL come from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("THIDUA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "ninja",  # serves the Swagger UI assets locally (no CDN on police intranets)
    "django_filters",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # thidua, in layer order (an app may use only the ones above it)
    "thidua.core",
    "thidua.accounts",
    "thidua.organisation",
    "thidua.personnel",
    "thidua.notifications",
    "thidua.audit",
    "thidua.emulation",
    "thidua.scoring",
    "thidua.conferences",
    "thidua.voting",
    "thidua.awards",
    "thidua.exchange",
    "thidua.documents",
    "thidua.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "thidua.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "thidua.core.dbrouting.ReadYourWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thidua.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "thidua.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "thidua.audit.middleware.ActivityMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "thidua.organisation.context_processors.current_grants",
                "thidua.notifications.context_processors.unread",
            ],
        },
    }
]

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'thidua.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # writers queue instead of failing; WAL lets readers go on during a write
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
if os.environ.get("THIDUA_TEST_DB"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["THIDUA_TEST_DB"]}

# Reads from a streaming replica (thidua/core/dbrouting.py): reports, statistics, look-up and exports;
# writes and everything else on the primary; a user's reads stay on the primary for
# REPLICA_PIN_SECONDS after their own write.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["thidua.core.dbrouting.ReplicaRouter"]
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): 5 failures for one username from one client address lock that
# pair for 30 minutes (never the username alone: the owner still signs in from their own machine).
# The address is the real client's behind THIDUA_TRUSTED_PROXY_COUNT proxies (core.http.client_ip).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "thidua.core.http.client_ip"
AXES_LOCKOUT_CALLABLE = "thidua.accounts.views.locked_out"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("Tiếng Anh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads: refuse anything above this size (evidence files, Excel imports).
THIDUA_MAX_UPLOAD_BYTES = int(os.environ.get("THIDUA_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background work: Django's task API with the database backend (a broker-backed worker can replace it).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Sessions in the database only (no per-process cache): a logout or an expiry holds on every worker
# and host at once. A shared cache (Redis) could front it with cached_db; the app must run without one.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts from this site only (no inline script or handlers: see core/static/core/app.js); inline
# style attributes stay allowed (layout only, no script). Served by core.middleware.SecurityHeadersMiddleware.
THIDUA_CONTENT_SECURITY_POLICY = os.environ.get(
    "THIDUA_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
THIDUA_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "magnetometer=(), gyroscope=(), accelerometer=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # 4xx answers are expected outcomes (refused vote, validation error), not incidents
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}

# Caches: process memory by default. "pages" keeps rendered pages under the data version
# (thidua.core.pagecache); THIDUA_PAGE_CACHE_TTL bounds how long one entry may live.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "TIMEOUT": int(os.environ.get("THIDUA_PAGE_CACHE_TTL", "600")),
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("THIDUA_PAGE_CACHE_ENTRIES", "1000"))},
    },
}

# Activity log (thidua.audit): entries older than this are removed by `manage.py purge_activity`.
THIDUA_ACTIVITY_RETENTION_DAYS = int(os.environ.get("THIDUA_ACTIVITY_RETENTION_DAYS", "365"))

# Public base URL printed in QR codes of certificates and decisions.
# Reverse proxies in front of the app that append the client's address to THIDUA_CLIENT_IP_HEADER
# (X-Forwarded-For); 0 = clients connect directly and REMOTE_ADDR is theirs (thidua.core.http.client_ip).
THIDUA_TRUSTED_PROXY_COUNT = int(os.environ.get("THIDUA_TRUSTED_PROXY_COUNT", "0"))
THIDUA_CLIENT_IP_HEADER = os.environ.get("THIDUA_CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR")
THIDUA_PUBLIC_BASE_URL = os.environ.get("THIDUA_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# This installation's code in exchanges with partner installations (thidua/exchange): the sender and
# receiver named in every package's manifest.
THIDUA_INSTALLATION_CODE = os.environ.get("THIDUA_INSTALLATION_CODE", "THIDUA")
# PKCS#11 modules (a USB token vendor's library, SoftHSM) a signing key may be configured with, as
# absolute paths separated by ":" (thidua/documents/signing.py). A module is native code loaded into
# the server, so the system admin picks one of these; nothing else is ever loaded.
THIDUA_PKCS11_MODULES = tuple(
    path
    for path in os.environ.get("THIDUA_PKCS11_MODULES", "/usr/lib/softhsm/libsofthsm2.so").split(":")
    if path
)

# Notifications (issue 15.7): e-mail through Django's backend, SMTP from the environment.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "thidua <thidua@localhost>")
THIDUA_NOTIFY_DUE_DAYS = tuple(
    int(d) for d in os.environ.get("THIDUA_NOTIFY_DUE_DAYS", "7,1").split(",") if d.strip()
)
THIDUA_NOTIFY_OVERDUE_WINDOW_DAYS = int(os.environ.get("THIDUA_NOTIFY_OVERDUE_WINDOW_DAYS", "90"))
THIDUA_NOTIFY_INTERVAL_MINUTES = int(os.environ.get("THIDUA_NOTIFY_INTERVAL_MINUTES", "60"))

# Dashboard panels: each capability adds its function (request) -> context dict or None.
THIDUA_DASHBOARD_PANELS = [
    "thidua.organisation.panels.clusters",
    "thidua.emulation.panels.summary",
    "thidua.scoring.panels.summary",
    "thidua.conferences.panels.summary",
    "thidua.voting.panels.summary",
    "thidua.awards.panels.summary",
    "thidua.documents.panels.summary",
    "thidua.audit.panels.activity",
]

# R27 (DOMAIN.md §7, UNVERIFIED assumption): how many collective emulation titles a unit may receive per
# level (AuthorityLevel) per year; a level missing from the dict uses "default"; 0 = no limit. The Minister
# confers both "Đơn vị quyết thắng" and "Cờ thi đua của Bộ Công an", and the flag is chosen among the year's
# ĐVQT units (L2022 Điều 27), so the ministry level allows those two.
THIDUA_TITLES_PER_LEVEL_PER_YEAR = {"default": 1, "ministry": 2}
