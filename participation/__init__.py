"""Resident participation and survey platform (Landkreis Esslingen, Quartiersforscher).

The app factory is the one place that knows every feature: it imports each package's
handler modules (the package `__init__` files import nothing) and registers their blueprints.
"""

from flask import Flask, Response, redirect, url_for
from flask.cli import FlaskGroup
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from participation import cli, db, errors, i18n, limits, queue, security, shell
from participation.accounts import routes as accounts_routes
from participation.answering import jobs as answering_jobs
from participation.answering import manage as answering_manage
from participation.answering import resume as answering_resume
from participation.answering import routes as answering_routes
from participation.builder import manage as builder_manage
from participation.builder import (
    manage_preview,
    manage_publishing,
    manage_questions,
    manage_transfer,
    manage_translation_files,
    manage_translations,
)
from participation.config import FIXED_SETTINGS, settings_from_env
from participation.digests import manage as digests_manage
from participation.distribution import manage as distribution_manage
from participation.distribution import routes as distribution_routes
from participation.events import manage as events_manage
from participation.events import manage_signups as events_manage_signups
from participation.events import manage_texts as events_manage_texts
from participation.events import routes as events_routes
from participation.events import signing_up as events_signing_up
from participation.overview import manage as overview_manage
from participation.paper import manage as paper_manage
from participation.paper import sheets as paper_sheets
from participation.places import routes as places_routes
from participation.results import free_text as results_free_text
from participation.results import manage as results_manage

# Modules whose handlers join a blueprint defined in another module of their package.
HANDLER_MODULES = (answering_manage, answering_resume, manage_questions, manage_translations,
                   manage_publishing, manage_preview,
                   manage_translation_files, manage_transfer, distribution_manage,
                   results_free_text, events_manage, events_manage_texts, events_manage_signups,
                   events_signing_up, paper_sheets)

# (blueprint, URL prefix): the language is the first path segment everywhere.
BLUEPRINTS = (
    (places_routes.bp, "/<lang_code>"),
    (answering_routes.bp, "/<lang_code>"),
    (distribution_routes.bp, "/<lang_code>"),
    (builder_manage.bp, "/<lang_code>"),
    (overview_manage.bp, "/<lang_code>"),
    (results_manage.bp, "/<lang_code>"),
    (paper_manage.bp, "/<lang_code>"),
    (events_routes.bp, "/<lang_code>"),
    (accounts_routes.bp, "/<lang_code>/verwaltung"),
    (digests_manage.bp, "/<lang_code>/verwaltung/post"),
)


class IdConverter(IntegerConverter):
    """`<id:…>` in a URL: a database id or a position, 1 … 2³¹ - 1 (PostgreSQL's integer).

    Anything else does not match, so `/de/umfrage/2147483648` is a 404, not a database
    error."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=2**31 - 1)


def create_app(config: dict | None = None) -> Flask:
    """Build the app: settings from the environment, then `config` overrides."""
    app = Flask(__name__, instance_relative_config=True)
    app.url_map.converters["id"] = IdConverter  # before any route is added
    app.config.update(FIXED_SETTINGS)
    app.config.update(settings_from_env(app.instance_path))
    app.config.update(config or {})

    if app.config.get("TRUSTED_PROXIES"):
        # the client's own address (login limits) and scheme, not the proxy's
        proxies = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    db.init_app(app)
    i18n.init_app(app)
    shell.init_app(app)
    queue.init_app(app)
    security.init_app(app)
    limits.init_app(app)
    for blueprint, prefix in BLUEPRINTS:
        app.register_blueprint(blueprint, url_prefix=prefix)
    distribution_routes.add_short_links(app)
    answering_jobs.purge_with_requests(app)
    _register_edges(app)
    errors.init_app(app)
    cli.init_app(app)
    return app


def main() -> None:
    """The `participation` console script: Flask's command line with this app."""
    FlaskGroup(create_app=create_app, add_default_commands=True)(prog_name="participation")


def _register_edges(app: Flask) -> None:
    fixed_headers = security.response_headers(app.config)  # once, not on every response

    @app.get("/")
    def root():
        return redirect(url_for("places.start", lang_code=i18n.DEFAULT_LOCALE))

    @app.after_request
    def commit_and_secure(response: Response) -> Response:
        # The one commit of a request; errors (4xx/5xx) roll back.
        if response.status_code < 400:
            db.commit()
        else:
            db.rollback()
        security.add_security_headers(response, fixed_headers)
        return response
