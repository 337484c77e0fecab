"""Interface languages, the explicit per-URL language choice, and text direction.

The language is the first path segment (`/de/...`, `/ar/...`): a shared tablet never guesses
from the browser, a link always shows the same language, and "Neue Person beginnen" returns
to the default.

Leichte Sprache (`/de-x-ls/...`) is a variant of German (QUALITY.md §2): Babel locale `de`,
HTML `lang="de"`, its own catalog (`translations/de/LC_MESSAGES/leichte_sprache.po`) whose
empty entries fall back to standard German.
"""

from contextlib import contextmanager

from babel import Locale
from flask import Flask, abort, current_app, g, url_for
from flask_babel import Babel, Domain, force_locale, get_locale, refresh
from markupsafe import Markup

from participation import catalogs

DEFAULT_LOCALE = "de"
# German first, then the languages most spoken by older residents of the district (QUALITY.md §2)
SUPPORTED_LOCALES = catalogs.LANGUAGES
RTL_LOCALES = frozenset({"ar"})
TRANSLATIONS_DIR = catalogs.SOURCE_DIR  # the .po sources; compiled ones are in the package
EASY_GERMAN = "de-x-ls"
EASY_GERMAN_DOMAIN = catalogs.EASY_GERMAN_DOMAIN
# What the first path segment may be: every catalog language, Leichte Sprache after German
PAGE_LANGUAGES = (DEFAULT_LOCALE, EASY_GERMAN, *SUPPORTED_LOCALES[1:])

babel = Babel()


def text_direction(lang: str) -> str:
    return "rtl" if lang in RTL_LOCALES else "ltr"


def html_lang(lang: str) -> str:
    """The HTML `lang` of a page or text language: Leichte Sprache is German."""
    return DEFAULT_LOCALE if lang == EASY_GERMAN else lang


def lang_attrs(lang: str | None) -> Markup:
    """` lang="…" dir="…"` for a part in another language than the page, else nothing.

    The direction matters as much as the language: German shown on an Arabic page must run
    left to right, or its punctuation jumps to the wrong end."""
    if not lang:
        return Markup("")
    return Markup(' lang="{}" dir="{}"').format(html_lang(lang), text_direction(lang))


def native_name(lang: str) -> str:
    """The language named in itself ("Deutsch", "English", "العربية")."""
    if lang == EASY_GERMAN:
        return "Leichte Sprache"
    name = Locale.parse(lang).get_display_name(lang)
    return name[:1].upper() + name[1:]


def month_names() -> list[tuple[int, str]]:
    """(1, "Januar") … (12, "Dezember") in the page language, for month fields."""
    names = get_locale().months["stand-alone"]["wide"]
    return [(number, names[number]) for number in range(1, 13)]


def current_lang() -> str:
    return g.get("lang_code") or DEFAULT_LOCALE


def babel_locale() -> str:
    return html_lang(current_lang())


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    compiled = str(catalogs.ensure_compiled())
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = compiled
    babel.init_app(app, locale_selector=babel_locale)
    app.jinja_env.globals.update(lang_attrs=lang_attrs, html_lang_of=html_lang,
                                 month_names=month_names)
    languages = [(code, native_name(code)) for code in PAGE_LANGUAGES]
    names = dict(languages)
    # the Leichte Sprache catalog over the standard one: what it leaves empty stays standard
    app.extensions["easy_german_domain"] = Domain([compiled] * 2,
                                                  f"messages;{EASY_GERMAN_DOMAIN}")

    @app.url_value_preprocessor
    def _pull_lang(_endpoint, values):
        if values and "lang_code" in values:
            lang = values.pop("lang_code")
            if lang not in PAGE_LANGUAGES:
                abort(404)
            if g.get("lang_code", lang) != lang:
                refresh()  # an app context shared by requests (tests) cached another language
            g.lang_code = lang
            if lang == EASY_GERMAN or "_flask_babel" in g:  # else Babel is not set up yet
                _use_catalog_of(lang)

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
            "html_lang": html_lang(lang),
            "lang_dir": text_direction(lang),
            "languages": languages,
            "current_language_name": names[lang],
        }


def same_page_in(path: str | None, lang: str) -> str:
    """`path` (one of our pages, e.g. `/de/umfrage/3/frage/2`) in another language.

    Anything else (another site, no language segment) gives that language's start page, so
    the language page can never send anyone elsewhere."""
    segments = (path or "").split("/")
    if (len(segments) < 3 or segments[0] != "" or segments[1] not in PAGE_LANGUAGES
            or "\\" in path or any(not part for part in segments[2:-1])):
        return url_for("places.start", lang_code=lang)
    return "/".join(["", lang, *segments[2:]])


def _use_catalog_of(lang: str) -> None:
    """Leichte Sprache pages translate through their own catalog, the others the standard one."""
    domain = (current_app.extensions["easy_german_domain"] if lang == EASY_GERMAN
              else babel.domain_instance)
    domain.as_default()


@contextmanager
def in_locale(lang: str):
    """Render in `lang` outside a request (e-mails, jobs); needs an app context."""
    previous = g.get("lang_code")
    g.lang_code = lang if lang in PAGE_LANGUAGES else DEFAULT_LOCALE
    _use_catalog_of(g.lang_code)
    try:
        with force_locale(html_lang(g.lang_code)):
            yield
    finally:
        g.lang_code = previous
        _use_catalog_of(previous or DEFAULT_LOCALE)
