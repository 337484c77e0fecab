"""Error pages in the shared shell and the resident's language; never a bare 500."""

import logging

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from participation import db

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        db.rollback()
        return render_template(
            "errors/error.html",
            title=_("Die Seite war zu lange geöffnet"),
            message=_(
                "Aus Sicherheitsgründen konnten wir diese Eingabe nicht annehmen. "
                "Ihre bisher gespeicherten Antworten sind nicht verloren. "
                "Bitte gehen Sie zurück und senden Sie die Seite noch einmal."
            ),
        ), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        db.rollback()
        messages = {
            404: (_("Seite nicht gefunden"),
                  _("Diese Seite gibt es nicht. Bitte prüfen Sie die Adresse.")),
            403: (_("Kein Zugriff"),
                  _("Sie haben keine Berechtigung, diese Seite zu sehen.")),
            405: (_("Aktion nicht möglich"),
                  _("Diese Aktion ist auf dieser Seite nicht möglich.")),
            410: (_("Diese Befragung ist zurzeit nicht geöffnet"),
                  _("Sie können an dieser Befragung im Moment nicht teilnehmen. "
                    "Bitte schauen Sie nach, ob es eine andere Befragung gibt.")),
            413: (_("Eingabe zu groß"),
                  _("Ihre Eingabe ist zu groß. Bitte kürzen Sie sie.")),
            429: (_("Zu viele Versuche"),
                  _("Bitte warten Sie einige Minuten und versuchen Sie es dann noch einmal.")),
        }
        title, message = messages.get(
            error.code or 500,
            (_("Die Anfrage konnte nicht bearbeitet werden"),
             _("Bitte versuchen Sie es noch einmal.")),
        )
        return render_template("errors/error.html", title=title, message=message), error.code

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        log.exception("Unhandled error", exc_info=error)
        db.rollback()
        return render_template(
            "errors/error.html",
            title=_("Ein technischer Fehler ist aufgetreten"),
            message=_(
                "Das tut uns leid. Ihre gespeicherten Antworten sind nicht verloren. "
                "Bitte versuchen Sie es in einigen Minuten noch einmal."
            ),
        ), 500
