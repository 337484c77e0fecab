"""Question pages rendered once and reused (QUALITY.md §6).

Everything on a question page without an error is the same for every resident in a
language, except the CSRF token and what the resident typed. The page is rendered once
with markers in their place and cached per (page, content version, layout); each request
only swaps in the token and the escaped values. Choice questions keep their ticked boxes
in the key instead (a handful of variants per page).
"""

import json
import secrets

from flask import Flask
from markupsafe import escape

MAX_PAGES = 4096


class PageCache:
    def __init__(self):
        marker = secrets.token_hex(8)  # unguessable: residents cannot type it
        self.csrf_marker = f"csrf-{marker}"
        self.text_marker = f"text-{marker}"
        self.other_marker = f"other-{marker}"
        self._pages: dict[tuple, str] = {}

    def get(self, key: tuple) -> str | None:
        return self._pages.get(key)

    def put(self, key: tuple, page: str) -> None:
        if len(self._pages) >= MAX_PAGES:
            self._pages.clear()
        self._pages[key] = page

    def fill(self, page: str, csrf_token: str, text, other) -> str:
        return (page.replace(self.csrf_marker, csrf_token)
                .replace(self.text_marker, str(escape("" if text is None else text)))
                .replace(self.other_marker, str(escape("" if other is None else other))))


def page_cache(app: Flask) -> PageCache:
    return app.extensions.setdefault("question_pages", PageCache())


def value_key(value) -> str:
    return json.dumps(value, sort_keys=True)
