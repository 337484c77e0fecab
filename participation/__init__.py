"""Resident participation and survey platform (Landkreis Esslingen, Quartiersforscher)."""

from flask import Flask, Response, redirect, url_for
from flask_wtf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from participation import db, i18n, limits, queue, shell
from participation.config import FIXED_SETTINGS, settings_from_env

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(config: dict | None = None) -> Flask:
    """Build the app: settings from the environment, then `config` overrides."""
    app = Flask(__name__, instance_relative_config=True)
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
    csrf.init_app(app)
    limits.init_app(app)
    _register_blueprints(app)
    _register_edges(app)

    from participation import cli, errors

    errors.init_app(app)
    cli.init_app(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from participation.accounts import bp as accounts_bp
    from participation.digests import bp as digests_bp
    from participation.surveys import bp as surveys_bp

    app.register_blueprint(surveys_bp, url_prefix="/<lang_code>")
    app.register_blueprint(accounts_bp, url_prefix="/<lang_code>/verwaltung")
    app.register_blueprint(digests_bp, url_prefix="/<lang_code>/verwaltung/post")

    @app.get("/")
    def root():
        return redirect(url_for("surveys.start", lang_code=i18n.DEFAULT_LOCALE))


def _register_edges(app: Flask) -> None:
    @app.after_request
    def commit_and_secure(response: Response) -> Response:
        # The one commit of a request; errors (4xx/5xx) roll back.
        if response.status_code < 400:
            db.commit()
        else:
            db.rollback()
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        if response.mimetype == "text/html":
            headers.setdefault("Cache-Control", "no-store")
        return response
