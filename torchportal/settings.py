"""Torch Portal settings: one module, driven by environment variables with safe local defaults."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# DJANGO_PRODUCTION=true: the public server. DEBUG is off, a real secret key is required, and
# HTTPS, secure cookies and HSTS are on (see "Running in production" in the README).
PRODUCTION = env_bool("DJANGO_PRODUCTION")
DEBUG = env_bool("DJANGO_DEBUG") and not PRODUCTION
# The fallback key is only good for a local checkout.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a long random value (50 characters or more) in "
        "production, e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )
SECRET_KEY = SECRET_KEY or "django-insecure-local-development-only"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
# Where the admin lives (an unguessable path keeps scanners away from its login page).
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin").strip("/") + "/"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "simple_history",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    # The building blocks (app label "torchportal"), the registry's apps from the bottom up,
    # then the packages that read across them.
    "core",
    "zones",
    "incubators",
    "innofund",
    "figures",
    "portal",
    "dashboards",
    "ops",
]

MIDDLEWARE = [
    # Refuses an overlong query string (414) or request body (413) before anything reads it.
    "core.limits.RequestLimitsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language comes from its URL: /zh-hans/... is Chinese, the rest English.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETags for every page and API answer, and 304s for clients that have them already.
    "django.middleware.http.ConditionalGetMiddleware",
    # Anonymous visitors' pages come from the cache until the data changes.
    "core.cache.PublicPageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.security.ContentSecurityPolicyMiddleware",
    # Records who made each change the admin or an import saves.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Locks out whoever keeps guessing admin passwords (django-axes); last, as it asks.
    "axes.middleware.AxesMiddleware",
]


# Benchmarks only: each response says how many SQL queries it took (X-Query-Count).
QUERY_COUNT_HEADER = env_bool("QUERY_COUNT_HEADER")
if QUERY_COUNT_HEADER:
    MIDDLEWARE.insert(0, "ops.querycount.QueryCountMiddleware")

ROOT_URLCONF = "torchportal.urls"
WSGI_APPLICATION = "torchportal.wsgi.application"

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
                "portal.context_processors.navigation",
                "portal.context_processors.cited_release",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    (BASE_DIR / "var").mkdir(exist_ok=True)
# SQLite under var/ needs no setup; DATABASE_URL points anywhere else (PostgreSQL in CI and production).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'torchportal.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A connection broken by a database restart is noticed and replaced, not reused.
        conn_health_checks=True,
    )
}
# The large directories' order indexes also hold what a page's first step reads (PostgreSQL's
# INCLUDE); SQLite makes them without it, which Django would warn of at every migrate.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests use a file, not SQLite's shared in-memory database: the browser tests' live server
    # answers several requests at once, each on its own connection.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # One file per test run, so two runs at once never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            # A cache that does not answer is given up quickly (pages are then made afresh).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}

# How long a public page may be served from the cache (seconds; 0 turns the page cache off).
# A change to the data makes every cached page stale at once, whatever this says.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

# Downloads (see core/exports.py): how many a process makes at once (the next gets 503), how
# long a download rests after each batch of rows for each second it worked (so pages stay
# quick beside it), and the most rows an XLSX holds (a larger selection: take the CSV).
DOWNLOADS_AT_ONCE = int(os.environ.get("DOWNLOADS_AT_ONCE", "2"))
DOWNLOAD_REST = float(os.environ.get("DOWNLOAD_REST", "3"))
XLSX_ROW_LIMIT = int(os.environ.get("XLSX_ROW_LIMIT", "100000"))
# The open data package and the 360Giving file are built ahead (portal/prebuilt.py): where to,
# whether a change to the data starts a new build, and how long a build waits for changes to
# settle first.
# By default a folder for each database, so that files built from one are never served for another.
DOWNLOADS_ROOT = Path(
    os.environ.get(
        "DOWNLOADS_ROOT",
        BASE_DIR / "var" / "downloads" / Path(str(DATABASES["default"]["NAME"])).stem,
    )
)
DOWNLOADS_BUILD_AFTER_CHANGES = env_bool("DOWNLOADS_BUILD_AFTER_CHANGES", True)
DOWNLOADS_SETTLE_SECONDS = float(os.environ.get("DOWNLOADS_SETTLE_SECONDS", "10"))
# The data's numbered releases (portal/releases.py): each one's package is kept here for good,
# one folder a release. Back it up with the database (its rows describe these files).
# A reviewer's "Release now" writes the package in a separate process (minutes at national scale).
RELEASES_IN_BACKGROUND = env_bool("RELEASES_IN_BACKGROUND", True)
RELEASES_DIR = Path(
    os.environ.get(
        "RELEASES_DIR",
        BASE_DIR / "var" / "releases" / Path(str(DATABASES["default"]["NAME"])).stem,
    )
)

# Bounded inputs (core/limits.py). An import file: its size, its rows, an XLSX's contents once
# unzipped, one cell's characters; a query string; a request body outside the admin, and in it.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "50000"))
IMPORT_MAX_UNZIPPED_BYTES = int(os.environ.get("IMPORT_MAX_UNZIPPED_BYTES", str(100 * 1024 * 1024)))
IMPORT_MAX_CELL_CHARS = int(os.environ.get("IMPORT_MAX_CELL_CHARS", "5000"))
MAX_QUERY_STRING_BYTES = int(os.environ.get("MAX_QUERY_STRING_BYTES", "8192"))
PUBLIC_MAX_BODY_BYTES = int(os.environ.get("PUBLIC_MAX_BODY_BYTES", str(64 * 1024)))
ADMIN_MAX_BODY_BYTES = IMPORT_MAX_BYTES + 1024 * 1024  # an import file and its form
# A form's fields (not files) held in memory: the admin's largest forms are well below this.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440)))

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out users before checking passwords
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one account from one address lock them out for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("API_NUM_PROXIES", "0"))

# Admin sessions end after 8 hours, or when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
# The catalogues (locale/<language>/LC_MESSAGES/django.po) are compiled by `make`.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Security headers (see also core/security.py for the Content-Security-Policy).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    # Behind a proxy that ends TLS, it says the original scheme in X-Forwarded-Proto.
    if env_bool("DJANGO_BEHIND_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    if not SECURE_SSL_REDIRECT:  # the proxy in front redirects HTTP to HTTPS itself
        SILENCED_SYSTEM_CHECKS += ["security.W008"]
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = True
    # /healthz is asked over plain HTTP by load balancers inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^ping$"]
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # In production: collected, hashed (cacheable for ever) and compressed by WhiteNoise.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Admin exports never hand a spreadsheet a formula: RegistryResource.export_field guards every
# value as the directories do (a leading apostrophe), so the library's own escaping is off.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
# Control characters an XLSX cannot hold become U+FFFD instead of failing the whole export.
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True
# Importing needs the right to add records; exporting, the right to view them.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# The read-only API. Anonymous use is throttled (API_ANON_RATE, e.g. "120/minute").
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE},
    # Clients are told apart by their address; X-Forwarded-For counts only behind this many
    # proxies (0: it is ignored, so it cannot be forged to dodge the throttle).
    "NUM_PROXIES": int(os.environ.get("API_NUM_PROXIES", "0")),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Torch Portal API",
    "DESCRIPTION": "Read-only registry of China's Torch Program: published records only. Every "
    "figure names its source, qualifier and date.",
    "VERSION": "1.0.0",
    # The documentation's scripts and styles come from this server (drf-spectacular-sidecar).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No deep links to operations: Swagger UI puts each one's link inside the operation's
    # button, a control inside a control that keyboards and screen readers cannot tell apart
    # (axe-core's nested-interactive). Examples unhighlighted: the highlighter's colours on its
    # dark background are below a 4.5:1 contrast.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": {"activated": False}},
    "ENUM_NAME_OVERRIDES": {
        "ZoneKindEnum": "zones.models.Zone.Kind",
        "ZoneStatusEnum": "zones.models.Zone.Status",
        "IncubatorKindEnum": "incubators.models.Incubator.Kind",
        "SourceKindEnum": "figures.models.Source.Kind",
        "ProjectStatusEnum": "innofund.models.Project.Status",
    },
}

# (Directory tables are written by core.tables.RegistryTable.html, not a template.)
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}
