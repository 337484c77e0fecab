"""Questionnaires: residents answer them (routes.py); organisers see results (manage.py)."""

from flask import Blueprint

bp = Blueprint("surveys", __name__, template_folder="templates")

from participation.surveys import manage, pages, resume, routes  # noqa: E402,F401
