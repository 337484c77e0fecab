"""Interface languages, the explicit per-URL language choice, and text direction.

The language is the first path segment (`/de/...`, `/ar/...`): a shared tablet never guesses
from the browser, a link always shows the same language, and "Neue Person beginnen" returns
to the default.
"""

from contextlib import contextmanager
from pathlib import Path

from babel import Locale
from flask import Flask, abort, g, request, url_for
from flask_babel import Babel, force_locale, refresh
from markupsafe import Markup

DEFAULT_LOCALE = "de"
# German first, then the languages most spoken by older residents of the district (QUALITY.md §2)
SUPPORTED_LOCALES = ("de", "en", "tr", "it", "el", "hr", "uk", "ru", "ro", "pl", "ar")
RTL_LOCALES = frozenset({"ar"})
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"

babel = Babel()


def text_direction(lang: str) -> str:
    return "rtl" if lang in RTL_LOCALES else "ltr"


def lang_attrs(lang: str | None) -> Markup:
    """` lang="…" dir="…"` for a part in another language than the page, else nothing.

    The direction matters as much as the language: German shown on an Arabic page must run
    left to right, or its punctuation jumps to the wrong end."""
    if not lang:
        return Markup("")
    return Markup(' lang="{}" dir="{}"').format(lang, text_direction(lang))


def native_name(lang: str) -> str:
    """The language named in itself ("Deutsch", "English", "العربية")."""
    name = Locale.parse(lang).get_display_name(lang)
    return name[:1].upper() + name[1:]


def current_lang() -> str:
    return g.get("lang_code") or DEFAULT_LOCALE


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS_DIR)
    babel.init_app(app, locale_selector=current_lang)
    app.jinja_env.globals["lang_attrs"] = lang_attrs
    languages = [(code, native_name(code)) for code in SUPPORTED_LOCALES]
    names = dict(languages)

    @app.url_value_preprocessor
    def _pull_lang(_endpoint, values):
        if values and "lang_code" in values:
            lang = values.pop("lang_code")
            if lang not in SUPPORTED_LOCALES:
                abort(404)
            if g.get("lang_code", lang) != lang:
                refresh()  # an app context shared by requests (tests) cached another language
            g.lang_code = lang

    @app.url_defaults
    def _push_lang(endpoint, values):
        if "lang_code" not in values and app.url_map.is_endpoint_expecting(
            endpoint, "lang_code"
        ):
            values["lang_code"] = current_lang()

    @app.context_processor
    def _language_context():
        lang = current_lang()
        return {
            "current_lang": lang,
            "lang_dir": text_direction(lang),
            "languages": languages,
            "current_language_name": names[lang],
            "switch_language_url": switch_language_url,
        }


def switch_language_url(lang: str) -> str:
    """The current page in another language (the start page where that is not possible)."""
    endpoint = request.endpoint
    if endpoint and request.url_rule and "lang_code" in request.url_rule.arguments:
        return url_for(endpoint, **{**(request.view_args or {}), "lang_code": lang})
    return url_for("surveys.start", lang_code=lang)


def same_page_in(path: str | None, lang: str) -> str:
    """`path` (one of our pages, e.g. `/de/umfrage/3/frage/2`) in another language.

    Anything else (another site, no language segment) gives that language's start page, so
    the language page can never send anyone elsewhere."""
    segments = (path or "").split("/")
    if (len(segments) < 3 or segments[0] != "" or segments[1] not in SUPPORTED_LOCALES
            or "\\" in path or any(not part for part in segments[2:-1])):
        return url_for("surveys.start", lang_code=lang)
    return "/".join(["", lang, *segments[2:]])


@contextmanager
def in_locale(lang: str):
    """Render in `lang` outside a request (e-mails, jobs); needs an app context."""
    previous = g.get("lang_code")
    g.lang_code = lang if lang in SUPPORTED_LOCALES else DEFAULT_LOCALE
    try:
        with force_locale(g.lang_code):
            yield
    finally:
        g.lang_code = previous
