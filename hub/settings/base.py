"""Settings shared by every environment.

Everything that differs between a laptop and a production host is read from the
environment (see README, "Configuration"); with nothing set, the hub runs embedded:
SQLite, the in-memory channel layer and a local-memory cache, in one process.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from common.dbpool import check_idle_connection

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rules.apps.AutodiscoverRulesConfig",
    "channels",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks_db",
    "common",
    "hub",
    "accounts",
    "realtime",
    "ideas",
    "events",
    "boards",
    "registrations",
    "feedback",
    "assessment",
    "portfolio",
    "challenges",
    "emailing",
    "privacy",
    "frontend",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Sees every response: under /api/ each error is JSON in the API's shape.
    "common.api_middleware.ApiErrorMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After htmx: an error page is a fragment for an htmx request.
    "frontend.middleware.ServiceErrorMiddleware",
]

ROOT_URLCONF = "hub.urls"
ASGI_APPLICATION = "hub.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.navigation",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------
DATA_DIR = Path(os.environ.get("HUB_DATA_DIR", BASE_DIR / ".data"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DB_POOL_SIZE = int(os.environ.get("DB_POOL_SIZE", "20"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_POOL_SIZE:
    # Under ASGI every socket message and page runs its database work in a worker thread
    # that would otherwise open a new connection each time (a 300-person workshop joining
    # at once overran Daphne's handshake timeout). A pool per process keeps them open; it
    # replaces persistent connections, which Django does not support under ASGI.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2,
        "max_size": DB_POOL_SIZE,
        "timeout": 10,
        # Drops connections the server closed without a round trip per borrow (hub/dbpool.py).
        "check": check_idle_connection,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers proceed while a writer commits; busy timeout instead of "database locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    if "DB_CONN_MAX_AGE" not in os.environ:
        # Keep the connection. Socket messages all run their database work in one thread;
        # opening a SQLite connection there for every operation (Django's functions, the
        # PRAGMAs) cost more than the operation itself (bench/board_apply.py: card.add
        # 5.3 ms against 2.0 ms). A SQLite connection is an open file, not a server slot,
        # so Django's ASGI advice against persistent connections is about PostgreSQL, which
        # uses the pool above; each page request's thread drops its connection as it ends.
        DATABASES["default"]["CONN_MAX_AGE"] = 600
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # Longer than channels-redis's 5 s blocking pop: with redis-py's default of
                # 5 s, an idle consumer's wait ends in a timeout error that closes its socket.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15}],
                "capacity": 1500,
                "expiry": 30,
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "hub",
            "OPTIONS": {"max_connections": int(os.environ.get("REDIS_POOL_SIZE", "50"))},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# How often (seconds) Python may hand the interpreter lock from one thread to another in the
# server process (hub/asgi.py applies it; Python's own default is 0.005). The event loop
# writing a board event to 300 sockets and the thread running the next operation's queries
# take turns; at 5 ms turns the loop waits out whole slices (docs/benchmarks.md). 0: leave it.
GIL_SWITCH_INTERVAL = float(os.environ.get("GIL_SWITCH_INTERVAL", "0.0005"))

# --- People ---------------------------------------------------------------
AUTH_USER_MODEL = "hub.User"
LOGIN_URL = "frontend:login"
LOGIN_REDIRECT_URL = "frontend:home"
LOGOUT_REDIRECT_URL = "frontend:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Language ---------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / ".data" / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# Files only their owner may fetch, through a view that checks (privacy exports): outside
# MEDIA_ROOT, so no web server configuration can serve them to anyone.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", DATA_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))

# --- Security ---------------------------------------------------------------
# Strict CSP: only the hub itself, scripts by nonce or from our own static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

# Requests per window; see common/ratelimit.py. A value of 0 turns a limit off.
RATE_LIMITS = {
    "signup": (5, 3600),
    # Failed sign-ins (page and API token), in sliding windows: per client address, high
    # enough for a NAT; per account from all addresses (a password reset lifts it).
    "login": (60, 900),
    "login_account": (10, 900),
    "idea_create": (20, 3600),
    "comment_create": (30, 600),
    "support": (60, 600),
    "upload": (30, 3600),
    "board_join": (30, 600),
    # Account emails: per client and per address (reset), per person (the others).
    "password_reset": (10, 3600),
    "password_reset_address": (3, 3600),
    "password_change": (10, 3600),
    "email_verify": (3, 3600),
    "email_change": (5, 3600),
    # Downloads of one's data: each builds a ZIP of everything, so a few a day.
    "data_export": (5, 86400),
    # Per participant; the board socket also has its own burst limit per connection.
    "board_op": (600, 60),
    # Guests registering for events, per client address: each registration sends an email.
    "guest_registration": (10, 3600),
    # Guests answering feedback, per client address: a fair's wifi is one address for many.
    "feedback_guest": (60, 600),
}
# Scopes that let attempts through while the cache (Redis) is unreachable: a workshop keeps
# writing through a Redis restart (each board socket still has its own limit). The others
# guard sign-up, login and submissions against abuse and fail instead.
RATE_LIMITS_FAIL_OPEN = {"board_op"}

# --- Board sockets (docs/realtime-protocol.md) -------------------------------
# A message over REALTIME_MAX_MESSAGE_BYTES is refused with `too_large` and counts against
# the flood limit; a frame over REALTIME_MAX_FRAME_BYTES (the server's hard limit, set from
# here for Daphne: realtime/daphne_fastpath.py) closes the socket with 1009.
REALTIME_MAX_MESSAGE_BYTES = 16 * 1024
REALTIME_MAX_FRAME_BYTES = 1024 * 1024
# Sockets one participant, and one client address, may hold open to one board in each
# server process; one more is closed with 4429. 0 turns a cap off. The address cap is high:
# a whole workshop may sit behind one venue's NAT.
REALTIME_MAX_SOCKETS_PER_PERSON = int(os.environ.get("REALTIME_MAX_SOCKETS_PER_PERSON", "10"))
REALTIME_MAX_SOCKETS_PER_ADDRESS = int(os.environ.get("REALTIME_MAX_SOCKETS_PER_ADDRESS", "400"))

# --- Email ------------------------------------------------------------------
# With EMAIL_HOST set, mail goes out over SMTP; otherwise it is printed to the console.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "samhallshubben@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The hub's public address, for links in emails (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Password-reset links work for this long (and once).
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# --- Registrations ------------------------------------------------------------
# Dietary and accessibility needs (possibly health data) are cleared this many days after an
# event; a guest's name and address likewise (registrations/services/retention.py).
REGISTRATION_NEEDS_DAYS = int(os.environ.get("REGISTRATION_NEEDS_DAYS", "30"))
REGISTRATION_GUEST_DAYS = int(os.environ.get("REGISTRATION_GUEST_DAYS", "180"))

# --- Board guests --------------------------------------------------------------
# A guest's pass (joined with a board's code) works this many hours; their name goes this
# many days after it ran out (boards/services/retention.py, a daily job).
BOARD_GUEST_PASS_HOURS = int(os.environ.get("BOARD_GUEST_PASS_HOURS", "12"))
BOARD_GUEST_RETENTION_DAYS = int(os.environ.get("BOARD_GUEST_RETENTION_DAYS", "30"))

# --- Background tasks -------------------------------------------------------
# Django's own `django.tasks`, stored in the database (django-tasks-db) so that SQLite and
# PostgreSQL both work and a task is durable before the request that queued it answers.
# `manage.py worker` runs them (make run and docker-compose start it); "email" keeps a slow
# mail server from holding up exports and reminders.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "email"],
    }
}

# --- API --------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.authentication.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "common.schema.AutoSchema",
    "EXCEPTION_HANDLER": "common.api_errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samhällshubben API",
    "DESCRIPTION": "Ideas, initiatives, research ideas and needs of Samhällskontraktet.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # `<id:pk>` (common.ids.IdConverter): an id, 1 up to bigint.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1},
    },
    # No validator badge: the docs page must not call any other host.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
