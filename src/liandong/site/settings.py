"""Django settings for Liandong.

Environment (docs/cli.md#environment):
  LIANDONG_DB           SQLite file (default var/liandong.sqlite3), WAL mode
  DATABASE_URL          overrides the database (postgres://...)
  REDIS_URL             background jobs on Redis instead of SQLite
  LIANDONG_SECRET_KEY   required unless LIANDONG_DEBUG is on
  LIANDONG_DEBUG        1/true for development
  LIANDONG_MAX_UPLOAD_MB  uploads larger than this answer 413 (default 20)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LIANDONG_VAR", Path.cwd() / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _flag(name: str, default: str = "") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("LIANDONG_DEBUG")
SECRET_KEY = os.environ.get("LIANDONG_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "LIANDONG_SECRET_KEY is not set. Production mode refuses to start without a secret key; "
            "set LIANDONG_SECRET_KEY, or LIANDONG_DEBUG=1 for development."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = [h for h in os.environ.get("LIANDONG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("LIANDONG_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "liandong.core.vendor_apps.AxesConfig",  # django-axes, named in Chinese in the back office
    "liandong.core.vendor_apps.AuditlogConfig",  # django-auditlog, likewise
    "huey.contrib.djhuey",
    "ninja",
    "liandong.core",
    "liandong.accounts",
    "liandong.notifications",
    "liandong.enterprises",
    "liandong.chains",
    "liandong.stats",
    "liandong.appeals",
    "liandong.events",
    "liandong.policies",
    "liandong.matchmaking",
    "liandong.investment",
    "liandong.funds",
    "liandong.alliance",
    "liandong.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "liandong.core.csp.ContentSecurityPolicyMiddleware",  # scripts from 'self' only, none inline
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "liandong.core.uploads.UploadLimitMiddleware",  # 413 before anything reads the body
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
    # last, so its process_exception runs first: NotFoundError → 404, PermissionDeniedError → 403
    "liandong.core.middleware.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "liandong.site.urls"
WSGI_APPLICATION = "liandong.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Our admin/base_site.html must win over django.contrib.admin's own (apps come first otherwise).
        "DIRS": [PACKAGE_DIR / "core" / "admin_templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "liandong.site.context.site",
            ],
        },
    }
]

# --- database -----------------------------------------------------------------------------------
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    _db_file = Path(os.environ.get("LIANDONG_DB", VAR_DIR / "liandong.sqlite3"))
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(_db_file),
            "OPTIONS": {
                # WAL lets readers run while a writer works; see https://www.sqlite.org/wal.html
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
                    "PRAGMA cache_size=-64000; PRAGMA temp_store=MEMORY;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
            "TEST": {"NAME": os.environ.get("LIANDONG_TEST_DB") or None},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts and security ----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# 30-minute idle timeout: every request renews the cookie, inactivity lets it lapse.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and _flag("LIANDONG_HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# django-axes: lock an account after 5 failed logins (per user name) for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

API_TOKEN_TTL_HOURS = int(os.environ.get("LIANDONG_API_TOKEN_TTL_HOURS", "12"))

# --- i18n ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- static files (served locally by WhiteNoise; never a CDN) -------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploads over this many MB answer 413 before they are read, on every endpoint (core/uploads.py).
LIANDONG_MAX_UPLOAD_MB = int(os.environ.get("LIANDONG_MAX_UPLOAD_MB", "20"))
# The guide fund's 投早 and 投小 (docs/domains/funds.md#guide-fund): under this many years old, employees.
LIANDONG_INVEST_EARLY_YEARS = int(os.environ.get("LIANDONG_INVEST_EARLY_YEARS", "5"))
LIANDONG_INVEST_SMALL_EMPLOYEES = int(os.environ.get("LIANDONG_INVEST_SMALL_EMPLOYEES", "100"))
FILE_UPLOAD_HANDLERS = [
    "liandong.core.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

# --- background jobs (Huey): SQLite by default, Redis when REDIS_URL is set ----------------------
if os.environ.get("REDIS_URL"):
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "liandong",
        "url": os.environ["REDIS_URL"],
        "immediate": _flag("LIANDONG_HUEY_IMMEDIATE"),
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "liandong",
        "filename": str(Path(os.environ.get("LIANDONG_HUEY_DB", VAR_DIR / "huey.sqlite3"))),
        "immediate": _flag("LIANDONG_HUEY_IMMEDIATE"),
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LIANDONG_LOG_LEVEL", "WARNING")},
}

SITE_NAME = _("Liandong")
AUDITLOG_INCLUDE_ALL_MODELS = False
# Lockout is per user name on purpose (5 failures lock that account whatever the address); axes
# warns that this allows rotating user names from one address, which the per-name lock accepts.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- the district ------------------------------------------------------------------------------------
# Registration divisions (USCC positions 3-8, GB/T 2260) that count as local: 120111 = 西青区.
LIANDONG_DISTRICT_DIVISIONS = [d for d in os.environ.get("LIANDONG_DISTRICT_DIVISIONS", "120111").split(",") if d]

# Chain gap analysis (engines/graph): thresholds of the status rules; keys as in
# liandong.engines.graph.Thresholds. Override here or with LIANDONG_CHAIN_THRESHOLDS='{"...": ...}'.
LIANDONG_CHAIN_THRESHOLDS: dict = json.loads(os.environ.get("LIANDONG_CHAIN_THRESHOLDS", "{}"))
LIANDONG_ANALYSIS_CACHE_SECONDS = int(os.environ.get("LIANDONG_ANALYSIS_CACHE_SECONDS", "300"))

# Enterprise appeals: working hours of the clocks, the weight of 基本满意 in 满意率, attachments.
LIANDONG_WORKING_HOURS = os.environ.get("LIANDONG_WORKING_HOURS", "09:00-17:30")
LIANDONG_BASIC_SATISFACTION_WEIGHT = float(os.environ.get("LIANDONG_BASIC_SATISFACTION_WEIGHT", "0.9"))
LIANDONG_ATTACHMENT_MAX_BYTES = int(os.environ.get("LIANDONG_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
LIANDONG_ATTACHMENT_TYPES = {
    ".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".txt": "text/plain",
}

# Matchmaking: a district with more enterprises than this rebuilds its matcher in the background after a
# registry change (requests meanwhile use the previous one); a smaller one rebuilds at once.
LIANDONG_MATCHER_SYNC_REBUILD = int(os.environ.get("LIANDONG_MATCHER_SYNC_REBUILD", "20000"))

# --- e-mail: SMTP when LIANDONG_SMTP_HOST is set, else written to var/mail (files) --------------------
DEFAULT_FROM_EMAIL = os.environ.get("LIANDONG_MAIL_FROM", "liandong@localhost")
if os.environ.get("LIANDONG_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["LIANDONG_SMTP_HOST"]
    EMAIL_PORT = int(os.environ.get("LIANDONG_SMTP_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("LIANDONG_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("LIANDONG_SMTP_PASSWORD", "")
    EMAIL_USE_TLS = _flag("LIANDONG_SMTP_TLS")
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# --- cache (chain analyses): Redis when REDIS_URL is set, else files under var/ shared by all workers ---
if os.environ.get("LIANDONG_CACHE") == "locmem":  # tests: one process, cleared between tests
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(VAR_DIR / "cache"), "OPTIONS": {"MAX_ENTRIES": 200}}}
