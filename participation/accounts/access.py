"""Who is logged in, and which municipalities they may see (tenant scoping)."""

import functools

from flask import redirect, request, session, url_for

from participation import db
from participation.accounts.models import Organiser

SESSION_ORGANISER = "organiser_id"
SESSION_VERSION = "organiser_session_version"


def start_session(organiser: Organiser) -> None:
    """A new session for this organiser, bound to the account's current session version."""
    session.clear()
    session[SESSION_ORGANISER] = organiser.id
    session[SESSION_VERSION] = organiser.session_version


def current_organiser() -> Organiser | None:
    """The logged-in organiser, if the session's version is still the account's: logging out
    or a new password counts it up (services.end_sessions), so a copied cookie ends too.

    Session.get() uses the identity map: asking twice in a request costs one query, the one
    that reads the account anyway."""
    organiser_id = session.get(SESSION_ORGANISER)
    if not organiser_id:
        return None
    organiser = db.session().get(Organiser, organiser_id)
    if organiser is None or organiser.session_version != session.get(SESSION_VERSION):
        return None
    return organiser


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_organiser() is None:
            return redirect(url_for("accounts.login", next=request.full_path))
        return view(*args, **kwargs)

    return wrapped


def visible_municipality_ids(organiser: Organiser) -> list[int] | None:
    """None means every municipality (district admin)."""
    if organiser.is_district_admin:
        return None
    return [organiser.municipality_id]


def may_see_municipality(organiser: Organiser, municipality_id: int) -> bool:
    return organiser.is_district_admin or organiser.municipality_id == municipality_id
