"""Organiser view of the e-mail outbox (what was sent, or written to the outbox folder)."""

from flask import Blueprint, abort, render_template

from participation import db
from participation.accounts.access import (
    current_organiser,
    login_required,
    may_see_municipality,
    visible_municipality_ids,
)
from participation.digests import queries

bp = Blueprint("digests", __name__, template_folder="templates")


@bp.get("/")
@login_required
def outbox():
    organiser = current_organiser()
    emails = queries.outbox(db.session(), visible_municipality_ids(organiser))
    return render_template("digests/outbox.html", emails=emails)


@bp.get("/<id:email_id>")
@login_required
def show_email(email_id: int):
    email = queries.email_by_id(db.session(), email_id)
    if email is None or not may_see_municipality(current_organiser(), email.municipality_id):
        abort(404)
    return render_template("digests/show_email.html", email=email)
