"""Questionnaires: residents answer them (routes.py); organisers see results (manage.py)."""

from flask import Blueprint

bp = Blueprint("surveys", __name__, template_folder="templates")

from participation.surveys import (  # noqa: E402,F401
    builder,
    distribution,
    manage,
    manage_transfer,
    pages,
    paper,
    results,
    resume,
    routes,
)
