"""Who is logged in, and which municipalities they may see (tenant scoping)."""

import functools

from flask import redirect, request, session, url_for

from participation import db
from participation.accounts.models import Organiser


def current_organiser() -> Organiser | None:
    # Session.get() uses the identity map: asking twice in a request costs one query.
    organiser_id = session.get("organiser_id")
    return db.session().get(Organiser, organiser_id) if organiser_id else None


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
