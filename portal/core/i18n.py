"""Languages: the /<lang>/ URL prefix, locale selection, and translated content.

Content (delegations, news, roles) is stored one row per language in a
`<Model>Translation` table. `localize()` is the one place that decides which row a
reader sees and whether that is a fallback, so every page shows the same notice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, Protocol, TypeVar

from babel import Locale
from flask import Flask, current_app, g, redirect, request, url_for
from flask_babel import get_locale, get_translations
from werkzeug.routing import BaseConverter, Map

from portal.core.urls import carried_query
from portal.extensions import babel


class HasLocale(Protocol):
    locale: str


T = TypeVar("T", bound=HasLocale)


def languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def current_language() -> str:
    """The language of the page being served (one of LANGUAGES)."""
    locale = _page_locale()
    if locale is not None:
        return _LOCALE_CODES.get(locale) or _LOCALE_CODES.setdefault(locale, str(locale))
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def language_name(code: str, in_language: str | None = None) -> str:
    """The name of language `code`, written in `in_language` (default: the page's)."""
    return _language_name(code, in_language or current_language())


@lru_cache(maxsize=1024)
def _language_name(code: str, in_language: str) -> str:
    return Locale.parse(code).get_display_name(in_language) or code


# Templates translate a few hundred strings per page. Flask-Babel finds the catalogue
# through three context look-ups per string (about 20 µs); the page's locale, once
# Flask-Babel has chosen it (it sets it on its state in `g`, `force_locale` included),
# leads here to the same catalogue in one step.
_CATALOGUES: dict[Locale, Any] = {}
_LOCALE_CODES: dict[Locale, str] = {}


def _page_locale() -> Locale | None:
    state = g.get("_flask_babel")
    return getattr(state, "babel_locale", None)


def page_translations() -> Any:
    """Flask-Babel's catalogue for the page's language."""
    locale = _page_locale()
    if locale is None:
        return get_translations()  # chooses the locale
    found = _CATALOGUES.get(locale)
    if found is None:
        found = _CATALOGUES[locale] = get_translations()
    return found


def best_accepted_language() -> str:
    """The visitor's preferred supported language from Accept-Language, else the default."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    return request.accept_languages.best_match(languages(), default=default) or default


def select_locale() -> str:
    """Flask-Babel locale selector: the URL's language, else the browser's."""
    lang = g.get("lang_code")
    if lang:
        return lang
    if request:
        return best_accepted_language()
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@dataclass(frozen=True)
class Localized(Generic[T]):
    """The translation shown to a reader, and whether it is in another language."""

    text: T
    requested: str

    @property
    def locale(self) -> str:
        return self.text.locale

    @property
    def is_fallback(self) -> bool:
        return self.text.locale != self.requested

    def __getattr__(self, name: str) -> Any:
        return getattr(self.text, name)


def localize(translations: Iterable[T], locale: str | None = None) -> Localized[T] | None:
    """Pick the translation for `locale`; else the default language's; else any.

    Returns None only when there is no translation at all.
    """
    wanted = locale or current_language()
    by_locale = {t.locale: t for t in translations}
    if not by_locale:
        return None
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    for candidate in (wanted, default, *languages()):
        if candidate in by_locale:
            return Localized(text=by_locale[candidate], requested=wanted)
    return Localized(text=next(iter(by_locale.values())), requested=wanted)


@dataclass(frozen=True)
class LabelText:
    """One language of a short label kept as a {locale: text} map (a member's title)."""

    locale: str
    value: str


def clean_labels(values: dict[str, str] | None) -> dict[str, str]:
    """A {locale: label} map to store: configured languages only, stripped, no empties."""
    return {
        code: text.strip()
        for code, text in (values or {}).items()
        if code in languages() and text and text.strip()
    }


def localize_label(
    values: dict[str, str] | None, locale: str | None = None
) -> Localized[Any] | None:
    """The label in `locale`, with the same fallback as `localize()`; None when empty."""
    return localize(
        [LabelText(code, text) for code, text in (values or {}).items() if text], locale
    )


class TranslatedMixin:
    """For models with a `translations` collection of rows that have a `locale`."""

    translations: Any

    def localized(self, locale: str | None = None) -> Localized[Any] | None:
        return localize(self.translations, locale)

    def translated(self, field: str, locale: str | None = None) -> str:
        """`field` of the text shown in `locale` (fallback included); the object's slug,
        or "", when it has no text at all."""
        localized = self.localized(locale)
        if localized is None:
            return str(getattr(self, "slug", ""))
        return str(getattr(localized, field))

    @property
    def translated_locales(self) -> list[str]:
        return sorted(t.locale for t in self.translations)


def url_in_language(lang: str, *, external: bool = False) -> str:
    """The current page in language `lang` (the language switch and hreflang links).

    Pages outside the language prefix (errors, /healthz) point to that language's home.
    """
    rule = request.url_rule
    if request.endpoint and rule is not None and "lang_code" in rule.arguments:
        values: dict[str, Any] = dict(request.view_args or {})
        values.update(carried_query())
        values["lang_code"] = lang
        path = url_for(request.endpoint, **values)
    else:
        path = url_for("pages.home", lang_code=lang)
    return current_app.config["BASE_URL"] + path if external else path


def make_language_converter(codes: Iterable[str]) -> type[BaseConverter]:
    class LanguageConverter(BaseConverter):
        """Matches only the configured language codes, so /de/ is a plain 404."""

        regex = "|".join(sorted(codes))

        def __init__(self, url_map: Map) -> None:
            super().__init__(url_map)

    return LanguageConverter


def register_i18n(app: Flask) -> None:
    """Wire the language prefix into routing and URL building."""

    app.url_map.converters["lang"] = make_language_converter(app.config["LANGUAGES"])
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: page_translations().ugettext(s),
        ngettext=lambda s, p, n: page_translations().ungettext(s, p, n),
        pgettext=lambda c, s: page_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: page_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )

    @app.url_value_preprocessor
    def pull_language(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and "lang_code" in values:
            g.lang_code = values.pop("lang_code")

    @app.url_defaults
    def add_language(endpoint: str, values: dict[str, Any]) -> None:
        if "lang_code" in values:
            return
        if app.url_map.is_endpoint_expecting(endpoint, "lang_code"):
            values["lang_code"] = g.get("lang_code") or select_locale()

    app.jinja_env.globals.update(
        current_language=current_language,
        language_name=language_name,
        languages=languages,
        url_in_language=url_in_language,
    )


def register_root_redirect(app: Flask) -> None:
    """`/` sends the visitor to /en/ or /fr/ by their browser's Accept-Language."""

    @app.get("/")
    def root():
        response = redirect(url_for("pages.home", lang_code=best_accepted_language()))
        response.headers["Vary"] = "Accept-Language"
        return response
