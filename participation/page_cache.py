"""Pages rendered once and reused (QUALITY.md §6).

Rendering is most of a small page's cost, and most resident pages are the same for every
visitor in a language: the start and municipality pages entirely, the question and Quartier
pages except the CSRF token and the resident's own values. Such a page is rendered once
per key, with markers where those values go, and each request only swaps them in. A key
holds everything the page is made of (path, content version, the data shown, the choices
ticked), so a change of any of them renders the page anew.
"""

import json
import secrets
from collections.abc import Callable, Hashable

from flask import Flask, current_app, render_template
from markupsafe import escape

from participation.security import csrf_token

MAX_PAGES = 4096


class PageCache:
    def __init__(self):
        marker = secrets.token_hex(8)  # unguessable: residents cannot type it
        self.csrf_marker = f"csrf-{marker}"
        self.text_marker = f"text-{marker}"
        self.other_marker = f"other-{marker}"
        self._pages: dict[Hashable, str] = {}

    def get(self, key: Hashable) -> str | None:
        return self._pages.get(key)

    def put(self, key: Hashable, page: str) -> None:
        if len(self._pages) >= MAX_PAGES:
            self._pages.clear()
        self._pages[key] = page

    def page(self, key: Hashable, render: Callable[[], str]) -> str:
        """The page of `key`, rendered by `render` the first time."""
        found = self._pages.get(key)
        if found is None:
            found = render()
            self.put(key, found)
        return found

    def fill(self, page: str, text=None, other=None) -> str:
        """The page with this visitor's CSRF token and escaped values swapped in.

        A page without a form gets no token: it must not give the visitor a cookie."""
        if self.csrf_marker in page:
            page = page.replace(self.csrf_marker, csrf_token())
        return (page.replace(self.text_marker, str(escape("" if text is None else text)))
                .replace(self.other_marker, str(escape("" if other is None else other))))


def page_cache(app: Flask | None = None) -> PageCache:
    return (app or current_app).extensions.setdefault("page_cache", PageCache())


def render_cached(key: Hashable, template: str, more: Callable[[], dict] | None = None,
                  **context) -> str:
    """`template` rendered once per `key`, then only this visitor's CSRF token filled in.

    The key must hold everything the page shows: the path (with its language), the
    content version and the data or choices on it. `more` gives context that is only
    worth reading when the page is rendered anew."""
    cache = page_cache()
    page = cache.page(key, lambda: render_template(
        template, csrf_token=lambda: cache.csrf_marker, **context, **(more() if more else {})))
    return cache.fill(page)


def value_key(value) -> str:
    return json.dumps(value, sort_keys=True)
