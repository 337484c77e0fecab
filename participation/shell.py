"""The page shell's header and footer, rendered once per language and page, then reused.

Everything in them is the same for every visitor of a page in a language (no CSRF token,
no personal values), and rendering them is a large part of a small page's cost
(QUALITY.md §6), so they are cached per process.
"""

from flask import Flask, render_template, request, url_for
from markupsafe import Markup

from participation.i18n import current_lang

MAX_ENTRIES = 2048


def init_app(app: Flask) -> None:
    cache: dict[tuple[str, str, str], Markup] = {}
    app.extensions["shell_cache"] = cache

    def shell(template: str) -> Markup:
        # The header's language links point at the current page, so its key holds the path.
        key = (template, current_lang(), request.path if "header" in template else "")
        fragment = cache.get(key)
        if fragment is None:
            fragment = Markup(render_template(template))  # noqa: S704 (Jinja-escaped HTML)
            if len(cache) >= MAX_ENTRIES:
                cache.clear()
            cache[key] = fragment
        return fragment

    @app.context_processor
    def _shell_context():
        return {"shell": shell, "static_css_url": _static_css_url}


def _static_css_url() -> str:
    return url_for("static", filename="app.css")
