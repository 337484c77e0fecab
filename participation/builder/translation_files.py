"""A questionnaire's texts as files for volunteer translators: XLSX (one sheet) and PO.

Every text has an ID that stays the same when questions are moved or other texts change:

    title                           the questionnaire's title
    intro                           its introduction
    q:<question key>:text           a question's text (a section's title, a score's name)
    q:<question key>:hint           its hint (a section's introduction)
    o:<question key>:<option key>   an answer option's label

Each line carries the German source beside the translations. An upload is checked whole
before anything is stored: a problem in what the translator wrote (too long, markup, a line
break in a one-line text, a language the questionnaire does not have) refuses the file.
A line whose ID is unknown or whose German text changed since the export is skipped and
named in the report: it says nothing reliable about today's text, and the rest of the work
can still be taken. Empty cells change nothing, so a file never deletes a translation.

Formula injection: the XLSX cells are strings, never formulas, with Excel's own "quote
prefix" style, so a text starting with = + - @ is shown and edited as text while the cell
holds it unchanged: nothing is added on export, so nothing needs removing on import.
"""

import io
import re
from dataclasses import dataclass, field
from itertools import groupby

import xlsxwriter
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import Session

from participation.builder import services
from participation.builder.forms import clean, text_problem
from participation.builder.transfer_schema import (
    LABEL_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    shown,
)
from participation.builder.translation_file_reading import (
    ID_HEADER,
    PO_EASY_GERMAN,
    TranslationFile,
)
from participation.i18n import DEFAULT_LOCALE, EASY_GERMAN, current_lang, native_name
from participation.surveys.coverage import CONTENT_LANGUAGES, language_name, translatables
from participation.surveys.models import Questionnaire

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PO_MIMETYPE = "text/x-gettext-translation"
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
ID_WIDTH, KIND_WIDTH, TEXT_WIDTH = 30, 22, 60
LINE_HEIGHT, MAX_ROW_HEIGHT = 15, 409  # points; 409 is Excel's limit


@dataclass(frozen=True)
class TextUnit:
    id: str
    label: str  # what the translator reads in the column "Art": "Frage 3: Hinweis"
    field: str  # the field of the same text in the on-screen editor (coverage.Translatable)
    german: str
    limit: int
    one_line: bool
    main: str | None = None  # a hint needs its question translated, the intro the title


def text_units(questionnaire: Questionnaire) -> list[TextUnit]:
    """Every text to translate, in reading order, as the on-screen editor lists them."""
    questions = {q.id: q for q in questionnaire.questions}
    options = {o.id: (q, o) for q in questionnaire.questions for o in q.options}
    units, option_number, last_number = [], 0, None
    for item in translatables(questionnaire, DEFAULT_LOCALE):
        if item.question_number != last_number:
            option_number, last_number = 0, item.question_number
        n = item.question_number
        if item.part == "title":
            units.append(TextUnit("title", _("Titel"), item.field, item.german,
                                  TITLE_MAX_LENGTH, True))
        elif item.part == "intro":
            units.append(TextUnit("intro", _("Einleitung"), item.field, item.german,
                                  TEXT_MAX_LENGTH, False, main="title"))
        elif item.part in ("text", "hint"):
            question = questions[item.owner_id]
            section = question.kind == "section"
            units.append(TextUnit(
                f"q:{question.key}:{item.part}", _question_label(question.kind, item.part, n),
                item.field, item.german, TEXT_MAX_LENGTH, section and item.part == "text",
                main=f"q:{question.key}:text" if item.part == "hint" else None))
        else:
            question, option = options[item.owner_id]
            option_number += 1
            units.append(TextUnit(f"o:{question.key}:{option.key}",
                                  _("Frage %(n)d: Antwort %(m)d", n=n, m=option_number),
                                  item.field, item.german, LABEL_MAX_LENGTH, True))
    return units


def _question_label(kind: str, part: str, n: int) -> str:
    if kind == "section":
        return (_("Abschnitt %(n)d: Überschrift", n=n) if part == "text" else
                _("Abschnitt %(n)d: Einleitung", n=n))
    if kind == "score" and part == "text":
        return _("Punktwert %(n)d: Name (nur in der Auswertung)", n=n)
    return _("Frage %(n)d: Fragetext", n=n) if part == "text" else _("Frage %(n)d: Hinweis", n=n)


def translations_of(questionnaire: Questionnaire, units: list[TextUnit],
                    lang: str) -> dict[str, str]:
    """{unit id: stored translation} of one language (untranslated texts left out)."""
    ids = {unit.field: unit.id for unit in units}
    return {ids[item.field]: item.translation
            for item in translatables(questionnaire, lang)
            if item.translation and item.field in ids}


def file_languages(questionnaire: Questionnaire) -> list[str]:
    """The languages a file can hold: the questionnaire's own, German (the source) aside."""
    return [lang for lang in questionnaire.languages or ()
            if lang != DEFAULT_LOCALE and lang in CONTENT_LANGUAGES]


# --- export -----------------------------------------------------------------------------------


def xlsx_bytes(questionnaire: Questionnaire, languages: list[str]) -> bytes:
    """One sheet: ID, Art, de, then a column per language, with the stored translations."""
    units = text_units(questionnaire)
    stored = {lang: translations_of(questionnaire, units, lang) for lang in languages}
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False,
                                            "strings_to_urls": False})
    sheet = workbook.add_worksheet(
        SHEET_NAME_FORBIDDEN.sub("", _("Übersetzung"))[:31].strip() or "Sheet1")
    cell = {"text_wrap": True, "valign": "top", "quote_prefix": True}
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                  "bg_color": "#DDE5EE", "bottom": 1})
    fixed = workbook.add_format({**cell, "font_color": "#444444"})
    german = workbook.add_format({**cell, "bg_color": "#EFEFEF"})
    editable = workbook.add_format({**cell, "locked": False})
    last = 2 + len(languages)
    sheet.set_column(0, 0, ID_WIDTH, fixed)
    sheet.set_column(1, 1, KIND_WIDTH, fixed)
    sheet.set_column(2, 2, TEXT_WIDTH, german)
    if languages:
        sheet.set_column(3, last, TEXT_WIDTH, editable)
    _write_header(sheet, header, languages)
    for row, unit in enumerate(units, start=1):
        sheet.write_string(row, 0, unit.id, fixed)
        sheet.write_string(row, 1, unit.label, fixed)
        sheet.write_string(row, 2, unit.german, german)
        lines = _wrapped_lines([unit.german,
                                *(stored[lang].get(unit.id, "") for lang in languages)])
        if lines > 1:
            sheet.set_row(row, min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + 3))
        for column, lang in enumerate(languages, start=3):
            translation = stored[lang].get(unit.id)
            if translation:
                sheet.write_string(row, column, translation, editable)
            else:
                sheet.write_blank(row, column, None, editable)
    if languages:
        _add_length_checks(sheet, units, last)
    sheet.freeze_panes(1, 0)
    sheet.repeat_rows(0)  # printed: the header on every page, the columns across one
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.autofilter(0, 0, len(units), last)
    # Locked without a password: IDs and German are not changed by accident, yet can be.
    sheet.protect("", {"autofilter": True, "format_columns": True, "format_rows": True})
    workbook.close()
    return output.getvalue()


def _wrapped_lines(texts: list[str]) -> int:
    """About how many lines the longest text needs in its column. LibreOffice does not size
    rows to wrapped text on opening, so the sheet gives each row its height."""
    return max(sum(-(-len(part) // TEXT_WIDTH) or 1 for part in text.split("\n"))
               for text in texts)


def _write_header(sheet, header, languages: list[str]) -> None:
    notes = [_("Bitte nicht ändern: Über die ID wird jede Übersetzung ihrem Text zugeordnet."),
             _("Wo der Text im Fragebogen steht."),
             _("Der deutsche Ausgangstext. Ändert er sich nach dem Herunterladen, wird die "
               "Zeile beim Hochladen übersprungen.")]
    for column, (title, note) in enumerate(zip((ID_HEADER, _("Art"), DEFAULT_LOCALE), notes,
                                               strict=True)):
        sheet.write_string(0, column, title, header)
        sheet.write_comment(0, column, note, {"x_scale": 2, "y_scale": 1.5})
    for column, lang in enumerate(languages, start=3):
        sheet.write_string(0, column, lang, header)
        sheet.write_comment(0, column, _(
            "%(language)s: Tragen Sie hier die Übersetzung ein. Leere Zellen ändern nichts.",
            language=language_name(lang, current_lang())), {"x_scale": 2, "y_scale": 1.5})


def _add_length_checks(sheet, units: list[TextUnit], last: int) -> None:
    """Excel and LibreOffice refuse a too long translation as it is typed."""
    row = 1
    for limit, group in groupby(units, key=lambda unit: unit.limit):
        count = len(list(group))
        sheet.data_validation(row, 3, row + count - 1, last, {
            "validate": "length", "criteria": "<=", "value": limit,
            # Excel's limits: a longer title or message would lose the whole check
            "error_title": _("Text zu lang")[:32],
            "error_message": _("Bitte kürzen Sie den Text auf höchstens %(n)d Zeichen.",
                               n=limit)[:255]})
        row += count


def po_language(lang: str) -> str:
    return PO_EASY_GERMAN if lang == EASY_GERMAN else lang


def po_bytes(questionnaire: Questionnaire, lang: str) -> bytes:
    """msgctxt: the ID, msgid: the German text, msgstr: the stored translation."""
    units = text_units(questionnaire)
    stored = translations_of(questionnaire, units, lang)
    catalog = Catalog(
        locale=po_language(lang), project=f"fragebogen-{questionnaire.slug}",
        version=str(questionnaire.version or 1), language_team=native_name(lang),
        charset="utf-8", fuzzy=False,
        header_comment="\n".join(f"# {line}" for line in (
            _("Übersetzung eines Fragebogens: %(language)s",
              language=language_name(lang, current_lang())),
            _("msgctxt ist die ID des Textes, msgid der deutsche Text: bitte beide nicht "
              "ändern. Die Übersetzung gehört in msgstr."))))
    for unit in units:
        message = catalog.add(unit.german, stored.get(unit.id, ""), context=unit.id,
                              auto_comments=[unit.label])
        # "50 % der Befragten" is no format string: tools must not check it as one.
        message.flags.difference_update({"python-format", "python-brace-format"})
    output = io.BytesIO()
    write_po(output, catalog, width=76, ignore_obsolete=True)
    return output.getvalue()


# --- import -----------------------------------------------------------------------------------


@dataclass
class ImportPlan:
    changes: dict[str, dict[str, str]] = field(default_factory=dict)  # lang → {id: text}
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # any problem refuses the file


def plan_import(questionnaire: Questionnaire, found: TranslationFile) -> ImportPlan:
    """What the file would change, line by line; nothing is stored here."""
    plan = ImportPlan(problems=list(found.problems))
    plan.problems += _language_problems(questionnaire, found.languages)
    if plan.problems:
        return plan
    units = {unit.id: unit for unit in text_units(questionnaire)}
    stored = {lang: translations_of(questionnaire, list(units.values()), lang)
              for lang in found.languages}
    plan.changes = {lang: {} for lang in found.languages}
    filled: set[str] = set()  # languages the file has any text for: only they are reported
    lines_of: dict[str, str] = {}
    for line in found.lines:
        unit = units.get(line.unit_id)
        texts = {lang: clean(text) for lang, text in line.texts.items() if clean(text)}
        filled.update(texts)
        plan.problems += [f"{line.where}, {lang}: {problem}" for lang, text in texts.items()
                          if (problem := _text_problem(text, unit))]
        if line.unit_id and line.unit_id in lines_of:
            plan.problems.append(_("%(where)s: Die ID „%(id)s“ steht schon in %(first)s.",
                                   where=line.where, id=shown(line.unit_id),
                                   first=lines_of[line.unit_id]))
        lines_of.setdefault(line.unit_id, line.where)
        new = {lang: text for lang, text in texts.items()
               if unit is None or stored[lang].get(unit.id) != text}
        if not new:
            continue  # nothing would change: nothing to take or to skip
        reason = _skip_reason(line, unit)
        if reason:
            plan.skipped.append(_skipped(line.where, line.unit_id, reason))
            continue
        for lang, text in new.items():
            plan.changes[lang][unit.id] = text
    plan.changes = {lang: taken for lang, taken in plan.changes.items() if lang in filled}
    _skip_orphans(plan, units, stored, lines_of)
    return plan


def _language_problems(questionnaire: Questionnaire, languages: list[str]) -> list[str]:
    offered = file_languages(questionnaire)
    problems = []
    for lang in languages:
        name = language_name(lang, current_lang())
        if lang == DEFAULT_LOCALE:
            problems.append(_("Die Datei ist auf Deutsch, in der Ausgangssprache. Bitte laden "
                              "Sie eine Übersetzung hoch."))
        elif lang not in offered:
            problems.append(_("Die Datei enthält Übersetzungen für %(language)s, aber dieser "
                              "Fragebogen wird nicht in dieser Sprache angeboten. Bitte wählen "
                              "Sie die Sprache zuerst in den Einstellungen aus.", language=name))
    return problems


def _text_problem(text: str, unit: TextUnit | None) -> str | None:
    limit = unit.limit if unit else TEXT_MAX_LENGTH
    problem = text_problem(text, limit)
    if problem is None and unit is not None and unit.one_line and "\n" in text:
        problem = _("Dieser Text muss in einer Zeile stehen, ohne Zeilenumbruch.")
    return problem


def _skip_reason(line, unit: TextUnit | None) -> str | None:
    if line.skip_reason:
        return line.skip_reason
    if not line.unit_id:
        return _("Die Zeile hat keine ID.")
    if unit is None:
        return _("Diesen Text gibt es im Fragebogen nicht (mehr).")
    if clean(line.german) != clean(unit.german):
        return _("Der deutsche Text hat sich seit dem Export geändert. Bitte übersetzen Sie "
                 "den neuen Text.")
    return None


def _skipped(where: str, unit_id: str, reason: str) -> str:
    return f"{where} ({shown(unit_id)}): {reason}" if unit_id else f"{where}: {reason}"


def _skip_orphans(plan: ImportPlan, units: dict, stored: dict, lines_of: dict) -> None:
    """A hint without its question's translation is skipped, as the editor refuses it."""
    for lang, changes in plan.changes.items():
        for unit_id in list(changes):
            main = units[unit_id].main
            if main and not (changes.get(main) or stored[lang].get(main)):
                del changes[unit_id]
                plan.skipped.append(_skipped(lines_of[unit_id], unit_id, _(
                    "%(language)s: Ein Hinweis oder eine Einleitung wird erst übernommen, wenn "
                    "auch die Frage oder der Titel übersetzt ist.",
                    language=language_name(lang, current_lang()))))


def apply_import(db: Session, questionnaire: Questionnaire, organiser_id: int,
                 plan: ImportPlan) -> list[str]:
    """Store a checked plan; one recorded change per language. Returns the report lines."""
    report = []
    ids = {unit.field: unit.id for unit in text_units(questionnaire)}
    for lang, changes in plan.changes.items():
        items = translatables(questionnaire, lang)
        values = {item.field: changes.get(ids.get(item.field), item.translation)
                  for item in items}
        changed = services.store_translations(db, questionnaire, lang, values, items)
        name = language_name(lang, current_lang())
        if changed:
            services.record(db, questionnaire, organiser_id, ngettext(
                "Übersetzung %(language)s aus einer Datei: %(num)d Text geändert",
                "Übersetzung %(language)s aus einer Datei: %(num)d Texte geändert", changed,
                language=name))
        report.append(ngettext("%(language)s: %(num)d Text übernommen",
                               "%(language)s: %(num)d Texte übernommen", changed,
                               language=name))
    return report or [_("Die Datei enthält keine Übersetzungen.")]
