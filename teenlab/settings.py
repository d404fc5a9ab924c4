"""One settings module, driven by environment variables.

Variables (all optional in development):
- ``DATABASE_URL``: e.g. ``postgres://user:pass@localhost/teenlab``; default: a SQLite file
  ``teenlab.sqlite3`` in ``TEENLAB_HOME``.
- ``TEENLAB_HOME``: where teenlab keeps its files; default ``$XDG_DATA_HOME/teenlab``
  (``~/.local/share/teenlab``).
- ``SECRET_KEY``: set it in production; otherwise a random key is generated once and kept in
  ``TEENLAB_HOME/secret_key`` (``TEENLAB_REQUIRE_SECRET_KEY=yes`` refuses to start without one).
- ``TEENLAB_SESSION_MINUTES``: minutes of inactivity before a session ends (default 120).
- ``DEBUG``: ``yes``/``no`` (default ``no``).
- ``ALLOWED_HOSTS``: comma separated (default ``localhost,127.0.0.1``).
- Logging in and e-mail: see the "Authentication" block at the end.
- ``TEENLAB_IMPORT_MAX_MB``, ``TEENLAB_IMPORT_MAX_DATA_MB``: the web import's limits, the file
  and its uncompressed data (default 50 and 256).
- ``ADMINS``: comma separated e-mail addresses told of every server error (default: nobody);
  ``SERVER_EMAIL``: the sender of those e-mails.
"""

import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "yes", "true", "on"}:
        return True
    if lowered in {"0", "no", "false", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be yes or no, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def teenlab_home() -> Path:
    explicit = os.environ.get("TEENLAB_HOME")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "teenlab"


def local_secret_key(home: Path) -> str:
    """The random key stored in ``home/secret_key`` (created on first use, readable by its owner
    only); a fixed development key if that folder cannot be written."""
    path = home / "secret_key"
    try:
        if not path.exists():
            import secrets

            home.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(64))
        key = path.read_text().strip()
        if len(key) >= 50:
            return key
    except OSError:
        pass
    return "insecure-local-development-key-" + str(home)


TEENLAB_HOME = teenlab_home()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("TEENLAB_REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # A key of this installation's own, kept beside its data, so that sessions survive restarts
    # without anyone having to invent a secret for a local demo.
    SECRET_KEY = local_secret_key(TEENLAB_HOME)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "teenlab.core",
    "teenlab.participants",
    "teenlab.training",
    "teenlab.outcomes",
    "teenlab.activities",
    "teenlab.finance",
    "teenlab.datapackage",
    "teenlab.reporting",
    "teenlab.dashboard",
    "teenlab.privacy",
    "teenlab.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "teenlab.core.middleware.SessionRefreshMiddleware",
    "teenlab.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "teenlab.core.middleware.CurrentProjectMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# --- Response headers: Content-Security-Policy, Permissions-Policy, Cache-Control -----------
# Right after WhiteNoise, so that static files (served by WhiteNoise) stay cacheable and every
# response of the application itself gets the headers.
# - CSP (django-csp): scripts, styles, fonts, images and requests from this site only; no inline
#   script, style element or style attribute anywhere ('unsafe-inline' is never allowed: the
#   templates load static files). img-src allows data: for the signature images shown on the
#   sign-in page. The admin gets the same policy: Django's admin has no inline script, and its
#   one inline <style> (a change list without actions) only widens a column.
# - Permissions-Policy: no camera, microphone, location… (teenlab.core.middleware).
# - Cache-Control: no-store on every response of the application (teenlab.core.middleware):
#   pages and downloads carry personal data, and tablets are shared.
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "teenlab.core.middleware.PrivateResponseMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = dict.fromkeys(
    [
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ],
    (),
)
# --- end of response headers ------------------------------------------------------------------

ROOT_URLCONF = "teenlab.urls"
WSGI_APPLICATION = "teenlab.wsgi.application"

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
                "teenlab.core.context_processors.teenlab",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{TEENLAB_HOME / 'teenlab.sqlite3'}",
        conn_max_age=60,
    )
}
# --- Caches ------------------------------------------------------------------------------------
# "reports": the bilan page's rendered report, keyed on the records' version (the journal's
# last change, core.audit.records_version): computed once per change of the records, not once
# per request. Files under TEENLAB_HOME, shared by the server's workers (one computation per
# change for all of them); `teenlab serve` empties it when it starts, so a new version's
# templates never meet an old page.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "reports": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(TEENLAB_HOME / "cache" / "reports"),
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}

# --- SQLite under concurrency ---------------------------------------------------------------
# Several gunicorn workers and a command-line import share one file. WAL lets pages read while
# another process writes; every transaction starts IMMEDIATE (takes the write lock at BEGIN, so
# two writers queue instead of one failing at once when it upgrades a read lock); a writer
# waits up to SQLITE_BUSY_SECONDS for the lock. synchronous=NORMAL is safe in WAL mode (a power
# cut may lose the last commits, never corrupt the file).
SQLITE_BUSY_SECONDS = 60
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_BUSY_SECONDS,
    }
# --- end of SQLite under concurrency ----------------------------------------------------------

# --- PostgreSQL: no JIT compilation ----------------------------------------------------------
# PostgreSQL compiles a query whose estimated cost is high (jit_above_cost) before running it.
# The pages' queries are short, and their estimates are high wherever a subquery may run per
# row: the dashboard's consents count at 30 000 youth spent 775 ms compiling for 5 ms of
# execution, and the JSON bilan runs faster without it too (docs/benchmarks.md, "Pages at
# 100 000 youth"). A URL's own ``?options=`` come first.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("it", "Italiano"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language follows the browser's Accept-Language until the person picks one with the
# switch; that choice is a cookie kept a year (core.middleware.LanguageMiddleware).
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = TEENLAB_HOME / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Sessions end after TEENLAB_SESSION_MINUTES without activity (default 2 hours) and when the
# browser closes: tablets in a FabLab are shared. The inactivity clock restarts when the session
# is saved; rather than a database write on every request (SESSION_SAVE_EVERY_REQUEST, which
# made every page a writer), SessionRefreshMiddleware saves it when its last save is more than
# SESSION_REFRESH_SECONDS old.
SESSION_COOKIE_AGE = int(os.environ.get("TEENLAB_SESSION_MINUTES") or 120) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind TLS in production: set TEENLAB_HTTPS=yes.
if env_bool("TEENLAB_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("TEENLAB_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Background tasks: django-tasks (the backport of Django 6's tasks framework) with the database
# backend of django-tasks-db, so that SQLite or PostgreSQL is the queue and no other server is
# needed. `teenlab serve` starts the worker (`teenlab worker`); the web import's checks and
# loads run there, never in a web request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A web upload is smaller than what the command line accepts (1 GiB of uncompressed data): the
# file itself, and the data it expands to (docs/data-package.md, "Limits").
TEENLAB_IMPORT_MAX_MB = int(os.environ.get("TEENLAB_IMPORT_MAX_MB") or 50)
TEENLAB_IMPORT_MAX_DATA_MB = int(os.environ.get("TEENLAB_IMPORT_MAX_DATA_MB") or 256)


# --- Error reports -------------------------------------------------------------------------
# Django's mail_admins handler e-mails every server error to ADMINS; the 500 page
# (teenlab.core.views.server_error) says the technical team was told only when ADMINS names
# someone. "Ops <ops@example.org>, dev@example.org".
def env_admins(name: str) -> list[tuple[str, str]]:
    admins = []
    for display, address in getaddresses([os.environ.get(name, "")]):
        if not address:
            continue
        if "@" not in address:
            raise ImproperlyConfigured(f"{name} must list e-mail addresses, not {address!r}")
        admins.append((display or address, address))
    return admins


ADMINS = env_admins("ADMINS")
if os.environ.get("SERVER_EMAIL"):
    SERVER_EMAIL = os.environ["SERVER_EMAIL"]
# --- end of error reports --------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}


# --- Authentication: lockout (django-axes), passwords, second factor (django-otp), e-mail ------
# Variables:
# - ``TEENLAB_LOGIN_FAILURES``: failed logins before a lockout (default 10), counted per account
#   and, separately, per address;
# - ``TEENLAB_LOCKOUT_MINUTES``: how long a lockout lasts (default 15);
# - ``TEENLAB_PROXY_COUNT``: reverse proxies in front of teenlab that append to X-Forwarded-For
#   (default 0: the client's address is REMOTE_ADDR);
# - ``EMAIL_HOST`` (then SMTP, with ``EMAIL_PORT``, ``EMAIL_HOST_USER``, ``EMAIL_HOST_PASSWORD``,
#   ``EMAIL_USE_TLS``, ``DEFAULT_FROM_EMAIL``); without it, mails are printed on the console.
import datetime as _dt  # noqa: E402

INSTALLED_APPS += [
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE += [
    # Accounts with a temporary password or a second factor to give reach no other page.
    "teenlab.core.auth.AccountGateMiddleware",
    # Turns a lockout into the login page with its message (AXES_LOCKOUT_CALLABLE).
    "axes.middleware.AxesMiddleware",
    # A tablet handed to the trainees reaches only its trainee screen (docs/security.md).
    "teenlab.training.trainee_mode.TraineeModeMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "teenlab.core.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = int(os.environ.get("TEENLAB_LOGIN_FAILURES") or 10)
AXES_COOLOFF_TIME = _dt.timedelta(minutes=int(os.environ.get("TEENLAB_LOCKOUT_MINUTES") or 15))
# Either one locks: an account attacked from many addresses, an address trying many accounts.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "teenlab.core.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "teenlab.core.auth.client_ip"
AXES_VERBOSE = False
TEENLAB_PROXY_COUNT = int(os.environ.get("TEENLAB_PROXY_COUNT") or 0)
OTP_TOTP_ISSUER = "teenlab"
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link works for one hour

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "teenlab@localhost")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    # The demo and a developer's machine: the reset link is printed where the server runs.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
