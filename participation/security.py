"""CSRF protection and the security headers of every response (QUALITY.md §4)."""

from flask import current_app
from flask_babel import gettext as _
from flask_wtf import CSRFProtect
from flask_wtf.csrf import CSRFError
from werkzeug.wrappers import Response

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def csrf_problem() -> str | None:
    """Check the CSRF token ourselves, so a stale page keeps what was typed.

    Resident pages and paper entry are exempt from the global check: a failed check
    re-shows the page with the input instead of an error page that loses it.
    """
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return None
    try:
        csrf.protect()
    except CSRFError:
        return _("Ihre Eingabe wurde aus Sicherheitsgründen noch nicht gespeichert. "
                 "Bitte prüfen Sie sie und senden Sie die Seite noch einmal.")
    return None


def add_security_headers(response: Response) -> None:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if response.mimetype == "text/html":
        headers.setdefault("Cache-Control", "no-store")
