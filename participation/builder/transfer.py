"""Portable JSON export and import of a questionnaire (format: transfer_schema.py).

An import is checked in steps, and each step stops at the first kind of problem: size (before
anything is parsed), UTF-8, JSON syntax (line and column), nesting depth, the schema (every
problem with its path), then what a schema cannot say (unique keys, conditions that refer to
an earlier question and its answers, options that fit the kind). Only a document without
problems is imported: as a new draft, with a fresh slug when the slug is taken.
"""

import itertools
import json

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from participation.builder import queries
from participation.builder.forms import clean
from participation.builder.transfer_schema import (
    FORMAT_NAME,
    FORMAT_VERSION,
    at,
    schema_message,
    shown,
    validator,
)
from participation.surveys import queries as survey_queries
from participation.surveys import structure
from participation.surveys.models import STATUS_DRAFT, Questionnaire
from participation.surveys.questions import OTHER_SUFFIX
from participation.surveys.sequence import sequence_problems
from participation.surveys.services import add_questionnaire

MAX_BYTES = 512 * 1024
MAX_DEPTH = 12  # the format itself needs 7 levels
MAX_PROBLEMS = 50  # stop looking after this many; the page shows fewer


class _DuplicateName(ValueError):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


# --- export -----------------------------------------------------------------------------------


def _by_language(pairs) -> dict[str, str]:
    """German first, then the other languages in alphabetical order, empty texts left out."""
    return {lang: text for lang, text in sorted(pairs, key=lambda p: (p[0] != "de", p[0]))
            if text}


def document_of(questionnaire: Questionnaire) -> dict:
    """The portable document of a questionnaire loaded with its content."""
    questions = []
    for question in questionnaire.questions:
        questions.append({
            "key": question.key,
            "kind": question.kind,
            "field": question.field_of_action,
            "required": question.required,
            "settings": dict(question.settings or {}),
            "text": _by_language((t.lang, t.text) for t in question.texts),
            "hint": _by_language((t.lang, t.hint) for t in question.texts),
            "options": [
                [option.key, _by_language((t.lang, t.label) for t in option.texts)]
                for option in question.options
            ],
        })
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "slug": questionnaire.slug,
        "languages": list(questionnaire.languages or ()),
        "title": _by_language((t.lang, t.title) for t in questionnaire.texts),
        "intro": _by_language((t.lang, t.intro) for t in questionnaire.texts),
        "questions": questions,
    }


def export_questionnaire(db: Session, questionnaire_id: int) -> dict | None:
    questionnaire = db.scalar(survey_queries.questionnaire_with_content(questionnaire_id))
    return None if questionnaire is None else document_of(questionnaire)


def to_json_bytes(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- validation -------------------------------------------------------------------------------


def validate_document(raw: bytes) -> tuple[dict | None, list[str]]:
    """(document, []) when `raw` is an importable file, else (None, translated problems)."""
    if len(raw) > MAX_BYTES:
        return None, [_("Die Datei ist zu groß: höchstens %(n)d KB sind erlaubt.",
                        n=MAX_BYTES // 1024)]
    if not raw.strip():
        return None, [_("Die Datei ist leer.")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [_("Die Datei ist nicht in UTF-8 gespeichert (ungültiges Byte an Stelle "
                        "%(n)d).", n=error.start + 1)]
    document, problem = _parse(text)
    if problem:
        return None, [problem]
    if _depth(document) > MAX_DEPTH:
        return None, [_("Die Datei ist zu tief verschachtelt.")]
    problems = [schema_message(e)
                for e in itertools.islice(validator.iter_errors(document), MAX_PROBLEMS)]
    if not problems:
        problems = _content_problems(document)
    problems = list(dict.fromkeys(problems))
    return (None, problems) if problems else (document, [])


def _unique_names(pairs: list[tuple[str, object]]) -> dict:
    names = set()
    for name, _value in pairs:
        if name in names:
            raise _DuplicateName(name)
        names.add(name)
    return dict(pairs)


def _no_constant(name: str):
    raise ValueError(name)


def _parse(text: str) -> tuple[object, str | None]:
    try:
        return json.loads(text, object_pairs_hook=_unique_names,
                          parse_constant=_no_constant), None
    except json.JSONDecodeError as error:
        return None, _("Die Datei ist kein gültiges JSON (Zeile %(line)d, Spalte %(column)d).",
                       line=error.lineno, column=error.colno)
    except _DuplicateName as error:
        return None, _("Die Angabe „%(name)s“ steht zweimal im selben Objekt.",
                       name=shown(error.name))
    except RecursionError:
        return None, _("Die Datei ist zu tief verschachtelt.")
    except ValueError:  # NaN, Infinity, integers with thousands of digits
        return None, _("Die Datei enthält eine ungültige Zahl.")


def _depth(document) -> int:
    """Nesting depth, without recursion."""
    deepest, stack = 0, [(document, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        children = value.values() if isinstance(value, dict) else (
            value if isinstance(value, list) else ())
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _content_problems(document: dict) -> list[str]:
    """What the schema cannot say; the document has passed the schema."""
    problems = []
    languages = document["languages"]
    if "de" not in languages:
        problems.append(at("languages", _("Deutsch („de“) muss enthalten sein.")))
    if len(set(languages)) != len(languages):
        problems.append(at("languages", _("Eine Sprache ist mehrfach aufgeführt.")))
    problems += _texts_without_title("intro", document.get("intro", {}), document["title"])
    problems += [at(f"title.{lang}", _("Der Titel passt in eine Zeile: bitte ohne "
                                       "Zeilenumbruch."))
                 for lang, title in document["title"].items() if "\n" in title or "\r" in title]
    earlier: dict[str, bool] = {}
    for index, question in enumerate(document["questions"]):
        path = f"questions[{index}]"
        if question["key"] in earlier:
            problems.append(at(f"{path}.key", _("Der Schlüssel „%(key)s“ kommt mehrfach vor.",
                                                key=question["key"])))
        if question["key"].endswith(OTHER_SUFFIX):  # a draft keeps "other" texts there
            problems.append(at(f"{path}.key", _(
                "Der Schlüssel „%(key)s“ darf nicht auf „%(suffix)s“ enden: Diese Endung ist "
                "für den Text zu „Sonstiges“ reserviert.", key=question["key"],
                suffix=OTHER_SUFFIX)))
        problems += _question_problems(path, question)
        earlier[question["key"]] = True
    problems += [at(f"questions[{index}].{part}", message)
                 for index, part, message in sequence_problems(shapes_of(document))]
    return problems[:MAX_PROBLEMS]


def shapes_of(document: dict) -> list[dict]:
    """The questions as the checks across questions read them (surveys/sequence.py)."""
    return [{"key": q["key"], "kind": q["kind"], "settings": q.get("settings", {}),
             "options": [key for key, _labels in q.get("options", [])]}
            for q in document["questions"]]


def _texts_without_title(path: str, texts: dict, titles: dict) -> list[str]:
    return [at(f"{path}.{lang}", _("Zu diesem Text fehlt der Titel bzw. die Frage in "
                                   "derselben Sprache."))
            for lang in texts if lang not in titles]


def _question_problems(path: str, question: dict) -> list[str]:
    problems = _texts_without_title(f"{path}.hint", question.get("hint", {}), question["text"])
    options = question.get("options", [])
    problems += [at(f"{path}.options[{index}][1].{lang}",
                    _("Eine Beschriftung passt in eine Zeile: bitte ohne Zeilenumbruch."))
                 for index, (_key, labels) in enumerate(options)
                 for lang, label in labels.items() if "\n" in label or "\r" in label]
    settings = question.get("settings", {})
    problems += [at(f"{path}.{part}", message) for part, message in structure.problems(
        question["kind"], settings, [key for key, _labels in options])]
    return problems


# --- import -----------------------------------------------------------------------------------


def free_slug(db: Session, municipality_id: int, slug: str) -> str:
    """`slug`, or `slug-2`, `slug-3`, … whichever is not yet used in the municipality."""
    taken = set(db.scalars(queries.slugs_starting_with(municipality_id, slug[:60])))
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = slug[:80 - len(suffix)] + suffix
    return candidate


def import_questionnaire(db: Session, municipality_id: int, document: dict) -> Questionnaire:
    """A new draft questionnaire from a document that passed `validate_document` (flushes).

    Texts are stored as the builder stores them (trimmed, one kind of line break), and
    settings without false flags, so that opening and saving a question in the builder
    changes nothing."""
    questions = []
    for q in document["questions"]:
        options = [(key, _texts(labels)) for key, labels in q.get("options", [])]
        settings = {name: value for name, value in q.get("settings", {}).items()
                    if value is not False}
        questions.append({
            "key": q["key"], "kind": q["kind"], "field": q.get("field"),
            "required": q.get("required", True), "settings": settings,
            "text": _texts(q["text"]), "hint": _texts(q.get("hint", {})), "options": options})
    content = {
        "slug": free_slug(db, municipality_id, document["slug"]),
        "languages": document["languages"],
        "title": _texts(document["title"]),
        "intro": _texts(document.get("intro", {})),
        "questions": questions,
    }
    return add_questionnaire(db, municipality_id, content, status=STATUS_DRAFT)


def _texts(texts: dict[str, str]) -> dict[str, str]:
    """Texts as the builder keeps them; a translation left blank is no translation."""
    cleaned = {lang: clean(text) for lang, text in texts.items()}
    return {lang: text for lang, text in cleaned.items() if text}
