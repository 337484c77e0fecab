"""Organiser login, logout and the dashboard."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from participation import db
from participation.accounts import devices, services
from participation.accounts.access import (
    current_organiser,
    login_required,
    start_session,
    visible_municipality_ids,
)
from participation.accounts.forms import LoginForm
from participation.accounts.navigation import organiser_nav
from participation.limits import rate_limits
from participation.surveys import queries as survey_queries

bp = Blueprint("accounts", __name__, template_folder="templates")
bp.app_context_processor(lambda: {"organiser_nav": organiser_nav})
bp.record_once(lambda state: services.init_app(state.app))  # the Argon2 hasher


def _safe_next(target: str | None) -> str | None:
    """A path of this site to return to after the login, or None.

    No other site (scheme, host, "//", a backslash that browsers read as "/"), and no
    control characters, which cannot go into a Location header."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(character < " " or character == "\x7f" for character in target):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


@bp.route("/anmelden", methods=["GET", "POST"])
def login():
    """Refused attempts are rate-limited per device cookie, or per address and per account
    when the browser has none for the account (devices.py, limits.py)."""
    form = LoginForm()
    errors = {}
    if form.validate_on_submit():
        email = form.email.data
        checks = devices.login_checks(request.remote_addr or "", email)
        if not rate_limits().allowed(*checks):
            abort(429)  # even the right password waits: the page says for how long roughly
        organiser = services.authenticate(db.session(), email, form.password.data)
        if organiser is not None:
            start_session(organiser)
            response = redirect(_safe_next(request.args.get("next"))
                                or url_for("accounts.dashboard"))
            devices.remember(response, email)
            return response
        rate_limits().hit(*checks)
        errors["email"] = _("E-Mail-Adresse oder Passwort sind nicht richtig.")
    elif request.method == "POST":
        errors = {name: field.errors[0] for name, field in form._fields.items() if field.errors}
    status = 400 if errors else 200
    return render_template("accounts/login.html", form=form, errors=errors), status


@bp.post("/abmelden")
def logout():
    """Ends every session of the account, copies of this cookie and other browsers too."""
    organiser = current_organiser()
    if organiser is not None:
        services.end_sessions(db.session(), organiser)
    session.clear()
    return redirect(url_for("places.start"))


@bp.get("/")
@login_required
def dashboard():
    organiser = current_organiser()
    rows = db.session().execute(
        survey_queries.response_counts_by_quartier(visible_municipality_ids(organiser))
    ).all()
    return render_template("accounts/dashboard.html", organiser=organiser, rows=rows)
