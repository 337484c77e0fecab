"""Question pages rendered once and reused (QUALITY.md §6).

Everything on a question page without an error is the same for every resident in a
language, except the CSRF token and what the resident typed. The page is rendered once
with markers in their place and cached per (page, content version, layout); each request
only swaps in the token and the escaped values. Choice questions keep their ticked boxes
in the key instead (a handful of variants per page).
"""

import json
import secrets

from flask import Flask, current_app, session
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

MAX_PAGES = 4096


class PageCache:
    def __init__(self):
        marker = secrets.token_hex(8)  # unguessable: residents cannot type it
        self.csrf_marker = f"csrf-{marker}"
        self.text_marker = f"text-{marker}"
        self.other_marker = f"other-{marker}"
        self._pages: dict[tuple, str] = {}
        self._signed_tokens: dict[str, str] = {}

    def get(self, key: tuple) -> str | None:
        return self._pages.get(key)

    def put(self, key: tuple, page: str) -> None:
        if len(self._pages) >= MAX_PAGES:
            self._pages.clear()
        self._pages[key] = page

    def csrf_token(self) -> str:
        """The signed form of the session's CSRF token, signed once per session and process.

        Without a time limit (config) a signed token never expires, so signing it again on
        every page would only cost time."""
        raw = session.get("csrf_token")
        signed = self._signed_tokens.get(raw) if raw else None
        if signed is None:
            signed = generate_csrf()
            raw = session.get("csrf_token")
            if raw and current_app.config.get("WTF_CSRF_TIME_LIMIT") is None:
                if len(self._signed_tokens) >= MAX_PAGES:
                    self._signed_tokens.clear()
                self._signed_tokens[raw] = signed
        return signed

    def fill(self, page: str, csrf_token: str, text, other) -> str:
        return (page.replace(self.csrf_marker, csrf_token)
                .replace(self.text_marker, str(escape("" if text is None else text)))
                .replace(self.other_marker, str(escape("" if other is None else other))))


def page_cache(app: Flask) -> PageCache:
    return app.extensions.setdefault("question_pages", PageCache())


def value_key(value) -> str:
    return json.dumps(value, sort_keys=True)
