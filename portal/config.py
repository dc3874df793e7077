"""Configuration from PORTAL_* environment variables.

Development and tests get safe defaults; production refuses to start without the
settings that must never default (secret key) and with debug switched on.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "production", "test")


class ConfigError(RuntimeError):
    """Raised at start-up when the configuration is unsafe or incomplete."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(f"PORTAL_{name}")
    return value if value not in (None, "") else default


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def instance_path() -> Path:
    """The folder for the SQLite database, the dev secret key and the dev outbox."""
    return Path(_env("INSTANCE_PATH") or PROJECT_ROOT / "instance").resolve()


def _development_secret(folder: Path) -> str:
    """A random key kept in instance/ so sessions survive restarts in development."""
    key_file = folder / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def build_config(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the Flask configuration for PORTAL_ENV, with `overrides` applied last."""
    overrides = dict(overrides or {})
    env_name = overrides.pop("PORTAL_ENV", None) or _env("ENV", "development")
    if env_name not in ENVIRONMENTS:
        raise ConfigError(f"PORTAL_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env_name!r}")
    folder = Path(overrides.pop("INSTANCE_PATH", None) or instance_path())
    production = env_name == "production"

    config: dict[str, Any] = {
        "PORTAL_ENV": env_name,
        "INSTANCE_PATH": str(folder),
        "DEBUG": _env_bool("DEBUG", False),
        "TESTING": env_name == "test",
        "SECRET_KEY": _env("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": _env("DATABASE_URL", f"sqlite:///{folder / 'portal.db'}"),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SQLALCHEMY_RECORD_QUERIES": False,
        # Absolute links in e-mails and feeds come from here, never from the Host header.
        "BASE_URL": (_env("BASE_URL", "http://localhost:5000") or "").rstrip("/"),
        # The languages of the site, the first being the default (content falls back to it).
        "LANGUAGES": tuple(
            code.strip() for code in (_env("LANGUAGES", "en,fr") or "").split(",") if code.strip()
        ),
        "BABEL_DEFAULT_TIMEZONE": _env("TIMEZONE", "Europe/Paris"),
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "NEWS_PER_PAGE": int(_env("NEWS_PER_PAGE", "10") or 10),
        "OPENINGS_PER_PAGE": 20,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _env_bool("SECURE_COOKIES", production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _env_bool("SECURE_COOKIES", production),
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session instead of a clock
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        # How long a worker keeps a public page at most (0: no page cache); a change of
        # content shows at once (core/content_version.py), this bounds what time alone
        # changes (a scheduled post, a closing date).
        "PUBLIC_CACHE_SECONDS": int(
            _env("PUBLIC_CACHE_SECONDS", "0" if env_name == "test" else "60") or 0
        ),
        "PROXY_FIX_HOPS": int(_env("PROXY_FIX_HOPS", "0") or 0),
        # Sessions: a server-side row per signed-in browser (see accounts/sessions.py).
        "SESSION_DAYS": int(_env("SESSION_DAYS", "7") or 7),
        "REMEMBER_DAYS": int(_env("REMEMBER_DAYS", "30") or 30),
        "REMEMBER_COOKIE_DURATION": timedelta(days=int(_env("REMEMBER_DAYS", "30") or 30)),
        # Mail: "console" prints and keeps a copy in instance/outbox/ (development);
        # "smtp" talks to SMTP_HOST.
        "MAIL_BACKEND": _env("MAIL_BACKEND", "smtp" if production else "console"),
        "MAIL_FROM": _env("MAIL_FROM", "Make Mothers Matter <delegations@makemothersmatter.org>"),
        "SMTP_HOST": _env("SMTP_HOST", "localhost"),
        "SMTP_PORT": int(_env("SMTP_PORT", "25") or 25),
        "SMTP_SECURITY": _env("SMTP_SECURITY", "none"),  # none | starttls | tls
        "SMTP_USER": _env("SMTP_USER"),
        "SMTP_PASSWORD": _env("SMTP_PASSWORD"),
        "SMTP_TIMEOUT": int(_env("SMTP_TIMEOUT", "15") or 15),
        # The background worker's queue: a SQLite file of its own by default, redis://...
        # in production; memory:// in tests (nothing consumes it; tests run tasks directly).
        "QUEUE_URL": _env(
            "QUEUE_URL", "memory://" if env_name == "test" else f"sqlite:///{folder / 'queue.db'}"
        ),
        # Rate limits: in memory by default; redis://... to share them between servers.
        "RATELIMIT_STORAGE_URI": _env("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _env_bool("RATELIMIT_ENABLED", True),
        # "30 per hour" means any 60 minutes, not the clock hour: a fixed window would
        # let 60 through across a boundary (and made a test fail at hh:00).
        "RATELIMIT_STRATEGY": "moving-window",
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_KEY_PREFIX": _env("RATELIMIT_KEY_PREFIX", "portal"),
        # Personal data: months to keep declined or withdrawn applications; whether an
        # export includes reviewers' scores and comments about the person.
        "RETENTION_MONTHS": int(_env("RETENTION_MONTHS", "12") or 12),
        "EXPORT_REVIEW_COMMENTS": _env_bool("EXPORT_REVIEW_COMMENTS", False),
        # The organisation behind the portal: its main website, the address people may
        # write to, and what the legal notice names (publisher's address, host).
        "ORGANISATION_URL": _env("ORGANISATION_URL", "https://makemothersmatter.org/"),
        "CONTACT_EMAIL": _env("CONTACT_EMAIL", "delegations@makemothersmatter.org"),
        "PUBLISHER_ADDRESS": _env("PUBLISHER_ADDRESS", ""),
        "PUBLICATION_DIRECTOR": _env("PUBLICATION_DIRECTOR", ""),
        "HOSTING_PROVIDER": _env("HOSTING_PROVIDER", ""),
    }
    config.update(overrides)
    languages = config["LANGUAGES"] = tuple(config["LANGUAGES"])
    if not languages or any(not code.isalpha() or len(code) > 8 for code in languages):
        raise ConfigError("PORTAL_LANGUAGES must list language codes, e.g. en,fr.")
    config.setdefault("BABEL_DEFAULT_LOCALE", languages[0])
    if config["BABEL_DEFAULT_LOCALE"] not in languages:
        raise ConfigError("The default language must be one of PORTAL_LANGUAGES.")

    if config["SECRET_KEY"] is None:
        if production:
            raise ConfigError("PORTAL_SECRET_KEY must be set in production.")
        config["SECRET_KEY"] = _development_secret(folder)
    if config["SMTP_SECURITY"] not in ("none", "starttls", "tls"):
        raise ConfigError("PORTAL_SMTP_SECURITY must be none, starttls or tls.")
    if production and config["DEBUG"]:
        raise ConfigError("PORTAL_DEBUG must be off in production.")
    return config
