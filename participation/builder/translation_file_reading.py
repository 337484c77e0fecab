"""An uploaded translation file (XLSX or PO) read into lines, without touching the database.

The upload is hostile until proven otherwise. Its size is checked before anything is parsed.
An XLSX file is a zip archive: its member count and declared unpacked sizes are checked
before openpyxl opens it (zipfile never unpacks more than a member declares, so the
declared sizes bound the work), and XML with a DOCTYPE or in UTF-16 is refused, so no
entity expansion can happen whatever the XML parser does. A PO file must be UTF-8.
"""

import io
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import openpyxl
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, PoFileParser
from flask_babel import gettext as _

from participation.builder.transfer_schema import shown
from participation.i18n import DEFAULT_LOCALE, EASY_GERMAN
from participation.surveys.coverage import CONTENT_LANGUAGES

MAX_FILE_BYTES = 512 * 1024  # as for the JSON import (transfer.py)
MAX_UNPACKED_BYTES = 16 * 1024 * 1024
MAX_MEMBERS = 200
# The largest questionnaire has 200 questions with text, hint and 100 options each.
MAX_ROWS = 25_000
MAX_COLUMNS = 40
ZIP_MAGIC = b"PK\x03\x04"
OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0"
ID_HEADER = "ID"
# gettext writes a language variant as ll@variant (sr@latin); Babel can read this one.
PO_EASY_GERMAN = "de@ls"


@dataclass(frozen=True)
class FileLine:
    """One row of the table or one PO entry: a text's ID, its German source, translations."""

    where: str  # "Zeile 5", for the report
    unit_id: str
    german: str
    texts: dict[str, str]  # language → text as found ("" = none)
    skip_reason: str | None = None  # found while reading, e.g. a PO entry marked fuzzy


@dataclass
class TranslationFile:
    languages: list[str] = field(default_factory=list)
    lines: list[FileLine] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # any problem refuses the whole file


def content_language(code: str) -> str | None:
    """The content language a file names ("TR", "tr_TR", "de@ls", "de_x_ls"), or None."""
    value = code.strip().lower().replace("_", "-")
    if value in (PO_EASY_GERMAN, EASY_GERMAN):
        return EASY_GERMAN
    if value in CONTENT_LANGUAGES:
        return value
    base, _dash, region = value.partition("-")
    return base if len(region) == 2 and base in CONTENT_LANGUAGES else None


def read_translation_file(raw: bytes) -> TranslationFile:
    if len(raw) > MAX_FILE_BYTES:
        return _refused(_("Die Datei ist zu groß: höchstens %(n)d KB sind erlaubt.",
                          n=MAX_FILE_BYTES // 1024))
    if not raw.strip():
        return _refused(_("Die Datei ist leer."))
    if raw.startswith(ZIP_MAGIC):
        return _read_xlsx(raw)
    if raw.startswith(OLD_EXCEL_MAGIC):
        return _refused(_("Das ist eine Excel-Datei im alten Format (.xls). Bitte speichern Sie "
                          "sie als Excel-Arbeitsmappe (.xlsx) und laden Sie sie erneut hoch."))
    return _read_po(raw)


def _refused(problem: str) -> TranslationFile:
    return TranslationFile(problems=[problem])


def _not_a_translation_file() -> TranslationFile:
    return _refused(_("Die Datei ist weder eine Excel-Datei (.xlsx) noch eine PO-Datei. Bitte "
                      "laden Sie eine Datei hoch, die Sie hier heruntergeladen haben."))


# --- PO ---------------------------------------------------------------------------------------


class _LanguageKeepingCatalog(Catalog):
    """Keeps a Language header Babel cannot parse ("de_x_ls") instead of failing on it."""

    def _set_locale(self, locale) -> None:
        try:
            super()._set_locale(locale)
        except ValueError:
            self._locale_identifier, self._locale = str(locale), None


def _read_po(raw: bytes) -> TranslationFile:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _not_a_translation_file()
    if "\x00" in text or "msgid" not in text:
        return _not_a_translation_file()
    catalog = _LanguageKeepingCatalog()
    try:
        # lines end at \n only: str.splitlines would also cut a text at U+2028
        PoFileParser(catalog, ignore_obsolete=True, abort_invalid=True).parse(io.StringIO(text))
    except PoFileError as error:
        return _refused(_("Die PO-Datei ist fehlerhaft (Zeile %(n)d).", n=error.lineno + 1))
    except Exception:  # Babel raises what its parsing meets (ValueError, IndexError, …)
        return _not_a_translation_file()
    declared = catalog.locale_identifier or ""
    lang = content_language(declared)
    if not declared:
        return _refused(_("In der PO-Datei fehlt die Sprache (die Kopfzeile „Language“)."))
    if lang is None:
        return _refused(_("Die Sprache „%(code)s“ der Datei wird hier nicht angeboten.",
                          code=shown(declared)))
    found = TranslationFile(languages=[lang])
    for message in catalog:
        if not message.id:
            continue  # the header
        plural = not isinstance(message.id, str)
        reason = (_("Mehrzahlformen werden nicht übernommen.") if plural else
                  _("Der Eintrag ist als unsicher („fuzzy“) markiert.") if message.fuzzy
                  else None)
        german = message.id[0] if plural else message.id
        translation = message.string if isinstance(message.string, str) else ""
        found.lines.append(FileLine(_("Zeile %(n)d", n=message.lineno or 0),
                                    message.context or "", german, {lang: translation},
                                    reason))
    return found


# --- XLSX -------------------------------------------------------------------------------------


def _archive_problem(raw: bytes) -> str | None:
    """Why the zip archive must not be opened, or None."""
    not_excel = _("Die Datei ist keine lesbare Excel-Datei (.xlsx).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
        if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            return _("Die Datei ist entpackt zu groß.")
        if "xl/workbook.xml" not in archive.namelist():
            return not_excel
        for member in members:
            if member.filename.endswith((".xml", ".rels", ".vml")):
                data = archive.read(member)
                if b"<!DOCTYPE" in data or b"<!ENTITY" in data or b"\x00" in data[:256]:
                    return not_excel
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError,
            ValueError, OSError, EOFError):
        return not_excel  # broken, encrypted or unsupported compression
    return None


def _read_xlsx(raw: bytes) -> TranslationFile:
    problem = _archive_problem(raw)
    if problem:
        return _refused(problem)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about what it leaves out
            workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True,
                                              data_only=False, keep_links=False)
            try:
                rows = list(_limited_rows(workbook.worksheets[0]))
            finally:
                workbook.close()
    except _TooManyRows:
        return _refused(_("Die Tabelle hat zu viele Zeilen (höchstens %(n)d).", n=MAX_ROWS))
    except Exception:  # openpyxl raises whatever a broken workbook makes its parsers raise
        return _refused(_("Die Datei ist keine lesbare Excel-Datei (.xlsx)."))
    if not rows:
        return _refused(_("Die Tabelle ist leer."))
    return _lines_of_table(rows)


class _TooManyRows(Exception):
    pass


def _limited_rows(sheet):
    for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        if number > MAX_ROWS + 1:
            raise _TooManyRows
        yield [(cell.value, cell.data_type) for cell in row]


def _header_columns(header: list, found: TranslationFile) -> tuple[int | None, int | None, dict]:
    """(ID column, German column, {language: column}); other columns (notes) are ignored."""
    id_column = german_column = None
    languages: dict[str, int] = {}
    for column, (value, _kind) in enumerate(header):
        name = str(value).strip() if value is not None else ""
        lang = content_language(name) if name else None
        if name.upper() == ID_HEADER:
            id_column = column
        elif lang == DEFAULT_LOCALE:
            german_column = column
        elif lang in languages:
            found.problems.append(_("Die Sprache „%(code)s“ steht in mehr als einer Spalte.",
                                    code=lang))
        elif lang:
            languages[lang] = column
    if id_column is None or german_column is None:
        found.problems.append(_("In der ersten Zeile fehlen die Spalten „ID“ und „de“. Bitte "
                                "verwenden Sie eine Datei, die Sie hier heruntergeladen haben."))
    elif not languages:
        found.problems.append(_("Die Tabelle hat keine Spalte für eine Übersetzung (zum "
                                "Beispiel „tr“ für Türkisch)."))
    return id_column, german_column, languages


def _lines_of_table(rows: list[list]) -> TranslationFile:
    found = TranslationFile()
    id_column, german_column, languages = _header_columns(rows[0], found)
    if found.problems:
        return found
    found.languages = list(languages)
    names = {id_column: ID_HEADER, german_column: DEFAULT_LOCALE,
             **{column: lang for lang, column in languages.items()}}
    for number, row in enumerate(rows[1:], start=2):
        where = _("Zeile %(n)d", n=number)
        texts = {}
        for column, name in names.items():
            value, kind = row[column] if column < len(row) else (None, "n")
            texts[name], problem = _cell_text(value, kind)
            if problem:
                found.problems.append(f"{where}, {name}: {problem}")
        if any(texts.values()):
            unit_id = texts.pop(ID_HEADER)
            german = texts.pop(DEFAULT_LOCALE)
            found.lines.append(FileLine(where, unit_id, german, texts))
    return found


def _cell_text(value, kind: str) -> tuple[str, str | None]:
    """A cell as text, or a problem: formulas and dates are not text."""
    if value is None:
        return "", None
    if kind == "e":
        return "", _("Die Zelle enthält einen Fehlerwert wie #NV statt Text.")
    if kind == "f":
        return "", _("Die Zelle enthält eine Formel. Bitte geben Sie den Text ohne „=“ am "
                     "Anfang ein, oder schreiben Sie ein ' davor.")
    if isinstance(value, str):
        return value, None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value), None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value), None
    if isinstance(value, (datetime, date, time, timedelta)):
        return "", _("Die Tabelle hat den Text als Datum oder Uhrzeit gespeichert. Bitte "
                     "schreiben Sie ein ' davor.")
    return "", _("Die Zelle enthält keinen Text.")
