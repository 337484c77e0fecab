"""Questionnaires: residents answer them (routes.py); organisers see results (manage.py)."""

from flask import Blueprint

bp = Blueprint("surveys", __name__, template_folder="templates")

from participation.surveys import pages, routes  # noqa: E402,F401
