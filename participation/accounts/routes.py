"""Organiser login, logout and the dashboard."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from participation import db
from participation.accounts import services
from participation.accounts.access import (
    current_organiser,
    login_required,
    visible_municipality_ids,
)
from participation.accounts.forms import LoginForm
from participation.limits import login_limits
from participation.surveys import queries as survey_queries

bp = Blueprint("accounts", __name__, template_folder="templates")


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
    """Refused attempts are rate-limited per address and per account (limits.py)."""
    form = LoginForm()
    errors = {}
    if form.validate_on_submit():
        address, email = request.remote_addr or "", form.email.data
        if not login_limits().allowed(address, email):
            abort(429)  # even the right password waits: the page says for how long roughly
        organiser = services.authenticate(db.session(), email, form.password.data)
        if organiser is not None:
            session.clear()
            session["organiser_id"] = organiser.id
            return redirect(_safe_next(request.args.get("next"))
                            or url_for("accounts.dashboard"))
        login_limits().refused(address, email)
        errors["email"] = _("E-Mail-Adresse oder Passwort sind nicht richtig.")
    elif request.method == "POST":
        errors = {name: field.errors[0] for name, field in form._fields.items() if field.errors}
    status = 400 if errors else 200
    return render_template("accounts/login.html", form=form, errors=errors), status


@bp.post("/abmelden")
def logout():
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
