"""Organiser accounts: login, roles, tenant scoping."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, template_folder="templates")

from participation.accounts import routes  # noqa: E402,F401
