"""Per-Quartier result digests, e-mailed to municipalities; the outbox for organisers."""

from flask import Blueprint

bp = Blueprint("digests", __name__, template_folder="templates")

from participation.digests import manage  # noqa: E402,F401
