"""Organiser handlers: a questionnaire's translations as a file to download (XLSX with all
or one language, PO with one), and a filled-in file uploaded again.

The upload answers with the translations page itself, showing what was taken and which
lines were skipped: the report is too long for the session cookie a redirect would need,
and sending the same file again changes nothing more.
"""

from flask import Response, abort, request
from flask_babel import gettext as _

from participation import db
from participation.accounts.access import login_required
from participation.builder import translation_files
from participation.builder.manage import bp
from participation.builder.manage_translations import overview
from participation.builder.page import organiser_id
from participation.builder.translation_file_reading import MAX_FILE_BYTES, read_translation_file
from participation.surveys.access import organiser_questionnaire as visible_questionnaire

FILE_FIELD = "datei"
PROBLEMS_SHOWN = 10
SKIPPED_SHOWN = 100
BASE = "/verwaltung/fragebogen/<id:questionnaire_id>/uebersetzungen"


@bp.get(f"{BASE}/export.xlsx")
@login_required
def translations_xlsx(questionnaire_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    offered = translation_files.file_languages(questionnaire)
    chosen = request.args.get("sprache")
    if chosen is not None and chosen not in offered:
        abort(404)
    content = translation_files.xlsx_bytes(questionnaire, [chosen] if chosen else offered)
    return _download(content, translation_files.XLSX_MIMETYPE,
                     f"fragebogen-{questionnaire.slug}-{chosen or 'uebersetzungen'}.xlsx")


@bp.get(f"{BASE}/<lang>/export.po")
@login_required
def translation_po(questionnaire_id: int, lang: str):
    questionnaire = visible_questionnaire(questionnaire_id)
    if lang not in translation_files.file_languages(questionnaire):
        abort(404)
    return _download(translation_files.po_bytes(questionnaire, lang),
                     f"{translation_files.PO_MIMETYPE}; charset=utf-8",
                     f"fragebogen-{questionnaire.slug}-{lang}.po")


def _download(content: bytes, content_type: str, filename: str) -> Response:
    response = Response(content, content_type=content_type)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post(f"{BASE}/import")
@login_required
def import_translation_file(questionnaire_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    upload = request.files.get(FILE_FIELD)
    if upload is None or not upload.filename:
        return overview(questionnaire, {FILE_FIELD: _("Bitte wählen Sie eine Datei aus.")})
    found = read_translation_file(upload.stream.read(MAX_FILE_BYTES + 1))
    plan = translation_files.plan_import(questionnaire, found)
    if plan.problems:
        summary = plan.problems[0] if len(plan.problems) == 1 else _(
            "Die Datei wurde nicht übernommen. Bitte beheben Sie die aufgeführten Probleme und "
            "laden Sie sie erneut hoch.")
        return overview(questionnaire, {FILE_FIELD: summary},
                        problems=plan.problems[:PROBLEMS_SHOWN],
                        more_problems=len(plan.problems) > PROBLEMS_SHOWN)
    report = translation_files.apply_import(db.session(), questionnaire, organiser_id(), plan)
    return overview(questionnaire, report=report, skipped=plan.skipped[:SKIPPED_SHOWN],
                    skipped_count=len(plan.skipped),
                    more_skipped=max(0, len(plan.skipped) - SKIPPED_SHOWN))
