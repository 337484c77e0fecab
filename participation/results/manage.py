"""Organiser handlers: a questionnaire's results, its protected tables and its raw answers
as CSV and XLSX.

Tenant scoped: a questionnaire of a municipality the organiser may not see is a 404.
Raw data (unsuppressed counts, the answers export) is for the district admin only; every
organiser of the municipality may download the protected tables, which show exactly the
figures of the results page and the digests. Organisers of a municipality read its free
text on a page of its own, and every read is logged (free_text.py).
"""

from dataclasses import dataclass

from babel.lists import format_list
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from participation import db
from participation.accounts.access import (
    current_organiser,
    login_required,
    visible_municipality_ids,
)
from participation.accounts.models import Organiser
from participation.clock import local_today
from participation.i18n import current_lang
from participation.places import queries as place_queries
from participation.places.models import Municipality
from participation.results import aggregates, exports, queries
from participation.results.published import publish
from participation.results.summaries import compile_results, compile_scopes
from participation.results.tables import protection_note, row_labels, withheld_note
from participation.surveys import queries as survey_queries
from participation.surveys.access import organiser_view
from participation.surveys.content import LocalText, QuestionnaireView, pick

bp = Blueprint("results", __name__, template_folder="templates")

# Werkzeug adds "; charset=utf-8" to a text/* mimetype itself: naming it here doubled it.
CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def may_see_raw_data(organiser: Organiser) -> bool:
    """Unsuppressed counts, free text beside the figures and exports: the district admin only."""
    return organiser.is_district_admin


def _questionnaire(questionnaire_id: int, raw_data: bool = False) -> QuestionnaireView:
    view = organiser_view(questionnaire_id)
    if raw_data and not may_see_raw_data(current_organiser()):
        abort(403)
    return view


def _scope(quartiere: list[tuple[int, str]]) -> int | None:
    wanted = request.args.get("quartier", "")
    return next((quartier_id for quartier_id, _name in quartiere
                 if str(quartier_id) == wanted), None)


@bp.get("/verwaltung/ergebnisse/<id:questionnaire_id>")
@login_required
def show(questionnaire_id: int):
    view = _questionnaire(questionnaire_id)
    session = db.session()
    quartiere = [(q.id, q.name)
                 for q in session.scalars(place_queries.quartiere_of(view.municipality_id))]
    organiser = current_organiser()
    raw = may_see_raw_data(organiser)
    summary = compile_results(session, view, quartiere, _scope(quartiere), raw, organiser.id)
    return render_template(
        "results/results.html", view=view, results=summary, quartiere=quartiere,
        municipality=session.get(Municipality, view.municipality_id).name,
        channel_labels=_channel_labels(), row_labels=row_labels,
        protection_note=protection_note(), withheld_note=withheld_note(),
        left_out=format_list(list(summary.left_out), locale=get_locale()),
        due_names=format_list(list(summary.due), locale=get_locale()),
    )


@bp.post("/verwaltung/ergebnisse/<id:questionnaire_id>/veroeffentlichen")
@login_required
def publish_figures(questionnaire_id: int):
    """Make the due releases: new published figures for Quartiere whose responses have
    doubled since their last release (results/releases.py). Looking never does this."""
    view = _questionnaire(questionnaire_id)
    session = db.session()
    quartier_ids = [q.id for q in session.scalars(
        place_queries.quartiere_of(view.municipality_id))]
    publish(session, view.id, quartier_ids, local_today(), create=True)
    scope = request.form.get("quartier", "")
    return redirect(url_for("results.show", questionnaire_id=view.id,
                            **({"quartier": scope} if scope.isdigit() else {})))


@bp.get("/verwaltung/ergebnisse/<id:questionnaire_id>/antworten.csv")
@login_required
def answers_csv(questionnaire_id: int):
    export = _export(_questionnaire(questionnaire_id, raw_data=True))
    return _download(exports.to_csv(export).encode("utf-8"), CSV_TYPE,
                     f"antworten-{questionnaire_id}.csv")


@bp.get("/verwaltung/ergebnisse/<id:questionnaire_id>/antworten.xlsx")
@login_required
def answers_xlsx(questionnaire_id: int):
    export = _export(_questionnaire(questionnaire_id, raw_data=True))
    content = exports.to_xlsx(
        export, _("Antworten"), _("Codebuch"),
        [_("Frage"), _("Fragetext"), _("Antwortschlüssel"), _("Antworttext")])
    return _download(content, XLSX_TYPE, f"antworten-{questionnaire_id}.xlsx")


@bp.get("/verwaltung/ergebnisse/<id:questionnaire_id>/tabellen.csv")
@login_required
def tables_csv(questionnaire_id: int):
    export = _aggregates(_questionnaire(questionnaire_id))
    return _download(exports.to_csv(export).encode("utf-8"), CSV_TYPE,
                     f"tabellen-{questionnaire_id}.csv")


@bp.get("/verwaltung/ergebnisse/<id:questionnaire_id>/tabellen.xlsx")
@login_required
def tables_xlsx(questionnaire_id: int):
    export = _aggregates(_questionnaire(questionnaire_id))
    return _download(exports.to_xlsx(export, _("Tabellen"), None, []), XLSX_TYPE,
                     f"tabellen-{questionnaire_id}.xlsx")


def _aggregates(view: QuestionnaireView) -> exports.Export:
    """Every scope's protected tables: all Quartiere together, then each Quartier."""
    session = db.session()
    quartiere = [(q.id, q.name)
                 for q in session.scalars(place_queries.quartiere_of(view.municipality_id))]
    named = [(None, aggregates.SCOPE_TOTAL), *quartiere]
    compiled = compile_scopes(session, view, quartiere, [scope_id for scope_id, _ in named],
                              raw=False, viewer_id=current_organiser().id)
    scopes = [aggregates.Scope(name, results)
              for (_scope_id, name), results in zip(named, compiled, strict=True)]
    labels = [_("Quartier (leer: alle Quartiere)"), _("Abschnitt"), _("Matrix oder Gruppe"),
              _("Text der Matrix oder Gruppe"), _("Nummer"), _("Frage"), _("Fragetext"),
              _("Antwortschlüssel"), _("Antwort"), _("Anzahl"), _("Anteil in Prozent")]
    wording = aggregates.Wording(
        withheld_note(), _("Summe je Antwort"), _("Alle Quartiere"),
        (_("Nummer"), _("Aussage oder Angabe"), _("Anzahl"), _("Anteil in Prozent")))
    return aggregates.build_aggregates(scopes, labels, wording,
                                       _("Matrizen und Zahlengruppen"))


def _export(view: QuestionnaireView) -> exports.Export:
    records = db.session().execute(queries.export_records(view.id))
    labels = [_("Antwort-Nr."), _("Quartier"), _("Weg"), _("Bogennummer"), _("Sprache"),
              _("Eingangstag")]
    return exports.build_export(view.questions, records, labels,
                                _("Sonstiges (bitte angeben)"),
                                _("Alter in Jahren im Jahr der Antwort"))


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _channel_labels() -> dict[str, str]:
    return {"online": _("Online"), "assisted": _("Mit Unterstützung"), "paper": _("Papier")}


@dataclass(frozen=True)
class QuestionnaireLink:
    id: int
    title: LocalText
    municipality: str
    exports: bool


@bp.app_template_global()
def results_links(organiser: Organiser) -> list[QuestionnaireLink]:
    """The open questionnaires an organiser may see, for the dashboard's result links."""
    raw = may_see_raw_data(organiser)
    rows = db.session().execute(
        survey_queries.open_questionnaires_in(visible_municipality_ids(organiser)))
    return [
        QuestionnaireLink(q.id, pick({t.lang: t.title for t in q.texts}, current_lang()),
                          municipality, raw)
        for q, municipality in rows
    ]
