"""Write use cases of the questionnaire builder: questionnaires and their translations.
Questions are changed in question_services.py. They flush; the request edge commits.

Every change of content raises `Questionnaire.version` (the residents' cached views refresh)
and adds a `ContentChange` row (who, when, what). Once a questionnaire has responses its
structure is locked: no question or option can be removed and no kind changed, so every
stored answer keeps its meaning; wording can still be fixed, and that is recorded too.
Each function returns the problems it found as {field id: message}; empty means done.
"""

import json
from datetime import UTC, datetime
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete
from sqlalchemy.orm import Session

from participation.builder import queries, transfer
from participation.builder.forms import START_TEMPLATE, SettingsInput, make_key
from participation.i18n import DEFAULT_LOCALE, current_lang
from participation.paper.models import PrintRun, SheetChange
from participation.surveys import queries as survey_queries
from participation.surveys.coverage import language_name
from participation.surveys.models import (
    STATUS_DRAFT,
    ContentChange,
    Draft,
    OptionText,
    Questionnaire,
    QuestionnaireQuartier,
    QuestionnaireText,
    QuestionText,
    ResponseTarget,
)
from participation.surveys.services import add_questionnaire, copy_neutral_labels

SUMMARY_QUOTE_LENGTH = 60

# The questionnaire every municipality starts from, in every language (a portable document).
TEMPLATE = json.loads((Path(__file__).parents[1] / "questionnaire_template.json")
                      .read_text(encoding="utf-8"))


def is_locked(db: Session, questionnaire_id: int) -> bool:
    return bool(db.scalar(queries.has_responses(questionnaire_id)))


def record(db: Session, questionnaire: Questionnaire, organiser_id: int | None,
           summary: str, new_version: bool = True) -> None:
    """Raise the content version (in SQL, so concurrent editors both count) and log it.

    `new_version=False` for changes residents do not see in the content (publishing)."""
    if new_version:
        questionnaire.version = Questionnaire.version + 1
    db.add(ContentChange(questionnaire_id=questionnaire.id, organiser_id=organiser_id,
                         changed_at=datetime.now(UTC), summary=summary))
    db.flush()


def quoted(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > SUMMARY_QUOTE_LENGTH:
        text = text[:SUMMARY_QUOTE_LENGTH - 1] + "…"
    return f"„{text}“"


def german_text(texts, attribute: str) -> str:
    found = next((t for t in texts if t.lang == DEFAULT_LOCALE), None)
    return getattr(found, attribute) if found is not None else ""


# --- questionnaires ---------------------------------------------------------------------------


def create_questionnaire(db: Session, municipality_id: int, organiser_id: int, start: str,
                         title: str) -> Questionnaire:
    """A new draft: blank with a German title, or from the starter template."""
    if start == START_TEMPLATE:
        content = {**TEMPLATE,
                   "slug": transfer.free_slug(db, municipality_id, TEMPLATE["slug"])}
        if title and title != TEMPLATE["title"][DEFAULT_LOCALE]:
            # the other titles no longer fit: they are translated again
            content["title"] = {lang: title if lang == DEFAULT_LOCALE else ""
                                for lang in TEMPLATE["title"]}
        summary = _("Fragebogen aus der Vorlage %(title)s angelegt",
                    title=quoted(TEMPLATE["title"][DEFAULT_LOCALE]))
    else:
        slug = make_key(title, (), "fragebogen", 60).replace("_", "-")
        content = {"slug": transfer.free_slug(db, municipality_id, slug),
                   "languages": [DEFAULT_LOCALE], "title": {DEFAULT_LOCALE: title},
                   "questions": []}
        summary = _("Leeren Fragebogen angelegt")
    questionnaire = add_questionnaire(db, municipality_id, content, status=STATUS_DRAFT)
    record(db, questionnaire, organiser_id, summary)
    return questionnaire


def update_settings(db: Session, questionnaire: Questionnaire, organiser_id: int,
                    data: SettingsInput) -> dict[str, str]:
    german = next((t for t in questionnaire.texts if t.lang == DEFAULT_LOCALE), None)
    if german is None:
        german = QuestionnaireText(lang=DEFAULT_LOCALE, title="", intro="")
        questionnaire.texts.append(german)
    covered = set(db.scalars(survey_queries.covered_quartier_ids(questionnaire.id)))
    changed = []
    if german.title != data.title:
        changed.append(_("Titel"))
    if german.intro != data.intro:
        changed.append(_("Einleitung"))
    if (questionnaire.opens_on, questionnaire.closes_on) != (data.opens_on, data.closes_on):
        changed.append(_("Zeitraum"))
    if set(questionnaire.languages or ()) != set(data.languages):
        changed.append(_("Sprachen"))
    if covered != set(data.quartier_ids):
        changed.append(_("Quartiere"))
        db.execute(delete(QuestionnaireQuartier).where(
            QuestionnaireQuartier.questionnaire_id == questionnaire.id))
        db.add_all(QuestionnaireQuartier(questionnaire_id=questionnaire.id, quartier_id=i)
                   for i in data.quartier_ids)
    if not changed:
        return {}
    german.title, german.intro = data.title, data.intro
    questionnaire.opens_on, questionnaire.closes_on = data.opens_on, data.closes_on
    questionnaire.languages = list(data.languages)
    copy_neutral_labels(questionnaire)
    record(db, questionnaire, organiser_id,
           _("Einstellungen geändert: %(what)s", what=", ".join(str(c) for c in changed)))
    return {}


def copy_questionnaire(db: Session, questionnaire: Questionnaire,
                       organiser_id: int) -> Questionnaire:
    """A new draft with the same content, Quartiere and languages; the slug gets a suffix."""
    document = transfer.document_of(questionnaire)
    title = document["title"][DEFAULT_LOCALE]
    document["slug"] = f"{questionnaire.slug[:70]}-kopie"
    document["title"] = {**document["title"],
                         DEFAULT_LOCALE: _("%(title)s (Kopie)", title=title)[:300]}
    copy = transfer.import_questionnaire(db, questionnaire.municipality_id, document)
    db.add_all(QuestionnaireQuartier(questionnaire_id=copy.id, quartier_id=quartier_id)
               for quartier_id in db.scalars(
                   survey_queries.covered_quartier_ids(questionnaire.id)))
    record(db, copy, organiser_id, _("Als Kopie von %(title)s angelegt", title=quoted(title)))
    return copy


def delete_questionnaire(db: Session, questionnaire: Questionnaire) -> dict[str, str]:
    if is_locked(db, questionnaire.id):
        return {"delete": _("Dieser Fragebogen hat schon Antworten und kann deshalb nicht "
                            "gelöscht werden. Sie können ihn schließen.")}
    for model in (Draft, ContentChange, QuestionnaireQuartier, ResponseTarget,
                  PrintRun, SheetChange):
        db.execute(delete(model).where(model.questionnaire_id == questionnaire.id))
    db.delete(questionnaire)
    db.flush()
    return {}


# --- translations -----------------------------------------------------------------------------


def _owners(questionnaire: Questionnaire):
    questions = {q.id: q for q in questionnaire.questions}
    options = {o.id: o for q in questionnaire.questions for o in q.options}
    return questions, options


def _text_row(texts: list, lang: str, factory, **empty):
    found = next((t for t in texts if t.lang == lang), None)
    if found is None:
        found = factory(lang=lang, **empty)
        texts.append(found)
    return found


def save_translations(db: Session, questionnaire: Questionnaire, organiser_id: int, lang: str,
                      values: dict[str, str], translatables) -> int:
    """Store the texts of one language (an empty field removes that translation)."""
    changed = store_translations(db, questionnaire, lang, values, translatables)
    if changed:
        record(db, questionnaire, organiser_id, ngettext(
            "Übersetzung %(language)s: %(num)d Text geändert",
            "Übersetzung %(language)s: %(num)d Texte geändert", changed,
            language=language_name(lang, current_lang())))
    return changed


def store_translations(db: Session, questionnaire: Questionnaire, lang: str,
                       values: dict[str, str], translatables) -> int:
    """How many texts of `lang` changed; the caller records the change."""
    questions, options = _owners(questionnaire)
    changed = 0
    for item in translatables:
        new = values.get(item.field, "")
        if new == item.translation:
            continue
        changed += 1
        if item.part in ("title", "intro"):
            row = _text_row(questionnaire.texts, lang, QuestionnaireText, title="", intro="")
            setattr(row, item.part, new)
        elif item.part in ("text", "hint"):
            row = _text_row(questions[item.owner_id].texts, lang, QuestionText, text="",
                            hint="")
            setattr(row, item.part, new)
        else:
            row = _text_row(options[item.owner_id].texts, lang, OptionText, label="")
            row.label = new
    _drop_empty_rows(questionnaire, lang)
    copy_neutral_labels(questionnaire)
    db.flush()
    return changed


def _drop_empty_rows(questionnaire: Questionnaire, lang: str) -> None:
    questionnaire.texts[:] = [t for t in questionnaire.texts
                              if t.lang != lang or t.title or t.intro]
    for question in questionnaire.questions:
        question.texts[:] = [t for t in question.texts if t.lang != lang or t.text or t.hint]
        for option in question.options:
            option.texts[:] = [t for t in option.texts if t.lang != lang or t.label]
