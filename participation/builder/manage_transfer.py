"""Organiser handlers: export a questionnaire as a JSON file, import one (JSON or LimeSurvey)
as a new draft."""

from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from participation import db
from participation.accounts.access import current_organiser, login_required
from participation.accounts.models import Organiser
from participation.builder import limesurvey, questionnaire_files, transfer
from participation.builder.manage import bp
from participation.builder.questionnaire_files import read_questionnaire_file
from participation.i18n import current_lang
from participation.places import queries as place_queries
from participation.places.models import Municipality
from participation.surveys.access import organiser_questionnaire
from participation.surveys.content import questionnaire_view

FILE_FIELD = "document"
MUNICIPALITY_FIELD = "municipality"
PROBLEMS_SHOWN = 10
# The notes of a LimeSurvey import travel to the next page in the signed session cookie,
# which must stay well under the 4 KB a browser keeps.
NOTES_KEY = "import_notes"
NOTES_SHOWN = 20
COOKIE_BUDGET = 3000


@bp.get("/verwaltung/umfrage/<id:questionnaire_id>/export.json")
@login_required
def export_json(questionnaire_id: int):
    questionnaire = organiser_questionnaire(questionnaire_id)
    response = Response(transfer.to_json_bytes(transfer.document_of(questionnaire)),
                        mimetype="application/json")
    response.headers.set("Content-Disposition", "attachment",
                         filename=f"fragebogen-{questionnaire.slug}.json")
    response.headers["Cache-Control"] = "no-store"
    return response


def _municipality_choices(organiser: Organiser) -> list[dict] | None:
    """Radio options for a district admin; None for an organiser of one municipality."""
    if not organiser.is_district_admin:
        return None
    return [{"value": str(m.id), "label": m.name}
            for m in db.session().scalars(place_queries.municipalities())]


def _target_municipality(organiser: Organiser, chosen: str, choices) -> int | None:
    if choices is None:
        if chosen and chosen != str(organiser.municipality_id):
            abort(404)  # an organiser imports into their own municipality only
        return organiser.municipality_id
    return int(chosen) if chosen in {choice["value"] for choice in choices} else None


def _uploaded_file() -> tuple[bytes, str] | None:
    upload = request.files.get(FILE_FIELD)
    if upload is None or not upload.filename:
        return None
    return upload.stream.read(questionnaire_files.MAX_BYTES + 1), upload.filename


def _keep_notes(questionnaire_id: int, notes: list[str]) -> None:
    """As many notes as the cookie holds (measured signed, as it is sent); the rest counted."""
    session.pop(NOTES_KEY, None)
    serializer = current_app.session_interface.get_signing_serializer(current_app)
    for shown in range(min(len(notes), NOTES_SHOWN), 0, -1):
        session[NOTES_KEY] = {"id": questionnaire_id, "lines": notes[:shown],
                              "more": len(notes) - shown}
        if len(serializer.dumps(dict(session))) <= COOKIE_BUDGET:
            return
    session.pop(NOTES_KEY, None)


@bp.route("/verwaltung/import", methods=["GET", "POST"])
@login_required
def import_form():
    organiser = current_organiser()
    choices = _municipality_choices(organiser)
    chosen = request.form.get(MUNICIPALITY_FIELD, "").strip()
    errors: list[tuple[str, str]] = []
    more_problems = False
    if request.method == "POST":
        municipality_id = _target_municipality(organiser, chosen, choices)
        if municipality_id is None:
            errors.append((f"{MUNICIPALITY_FIELD}-1",
                           _("Bitte wählen Sie die Gemeinde aus, für die der Fragebogen "
                             "angelegt wird.")))
        uploaded = _uploaded_file()
        if uploaded is None:
            errors.append((FILE_FIELD, _("Bitte wählen Sie eine Datei aus.")))
        else:
            read = read_questionnaire_file(*uploaded)
            errors += [(FILE_FIELD, problem) for problem in read.problems[:PROBLEMS_SHOWN]]
            more_problems = len(read.problems) > PROBLEMS_SHOWN
        if not errors:
            questionnaire = transfer.import_questionnaire(db.session(), municipality_id,
                                                          read.document)
            _keep_notes(questionnaire.id, read.notes)
            return redirect(url_for("builder.imported", questionnaire_id=questionnaire.id))
    return render_template(
        "builder/import.html", errors=errors, more_problems=more_problems, choices=choices,
        chosen=chosen, field_errors=_field_errors(errors), max_kb=transfer.MAX_BYTES // 1024,
        max_lss_kb=limesurvey.MAX_BYTES // 1024,
    ), 400 if errors else 200


def _field_errors(errors: list[tuple[str, str]]) -> dict[str, str]:
    """The message beside each field: the problem itself, or a pointer to the list above."""
    messages: dict[str, list[str]] = {}
    for target, message in errors:
        messages.setdefault(target.removesuffix("-1"), []).append(message)
    return {target: found[0] if len(found) == 1 else
            _("Die Datei enthält mehrere Probleme, siehe die Liste oben. Es wurde nichts "
              "übernommen.")
            for target, found in messages.items()}


@bp.get("/verwaltung/import/<id:questionnaire_id>")
@login_required
def imported(questionnaire_id: int):
    questionnaire = organiser_questionnaire(questionnaire_id)
    municipality = db.session().get(Municipality, questionnaire.municipality_id)
    notes = session.pop(NOTES_KEY, None)
    return render_template("builder/imported.html",
                           view=questionnaire_view(questionnaire, current_lang()),
                           municipality=municipality,
                           notes=notes if notes and notes.get("id") == questionnaire_id else None)
