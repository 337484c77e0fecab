"""Write use cases of the questionnaire builder. They flush; the request edge commits.

Every change of content raises `Questionnaire.version` (the residents' cached views refresh)
and adds a `ContentChange` row (who, when, what). Once a questionnaire has responses its
structure is locked: no question or option can be removed and no kind changed, so every
stored answer keeps its meaning; wording can still be fixed, and that is recorded too.
Each function returns the problems it found as {field id: message}; empty means done.
"""

from datetime import UTC, datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from participation.demo_content import QUESTIONNAIRE as TEMPLATE
from participation.i18n import DEFAULT_LOCALE, current_lang
from participation.surveys import builder_queries, transfer
from participation.surveys.builder_forms import (
    OWN_OPTION_KINDS,
    START_TEMPLATE,
    QuestionInput,
    SettingsInput,
    make_key,
)
from participation.surveys.coverage import is_neutral, language_name
from participation.surveys.models import (
    STATUS_DRAFT,
    STATUS_OPEN,
    ContentChange,
    Draft,
    Option,
    OptionText,
    Question,
    Questionnaire,
    QuestionnaireQuartier,
    QuestionnaireText,
    QuestionText,
)
from participation.surveys.questions import OTHER_KEY, PREFER_NOT_KEY, answer_keys, other_key
from participation.surveys.services import add_questionnaire

SUMMARY_QUOTE_LENGTH = 60


def is_locked(db: Session, questionnaire_id: int) -> bool:
    return bool(db.scalar(builder_queries.has_responses(questionnaire_id)))


def record(db: Session, questionnaire: Questionnaire, organiser_id: int | None,
           summary: str) -> None:
    """Raise the content version (in SQL, so concurrent editors both count) and log it."""
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
    if data.status == STATUS_OPEN and not questionnaire.questions:
        return {"status-1": _("Ein Fragebogen ohne Fragen kann nicht geöffnet werden. Bitte "
                              "legen Sie zuerst Fragen an.")}
    german = next((t for t in questionnaire.texts if t.lang == DEFAULT_LOCALE), None)
    if german is None:
        german = QuestionnaireText(lang=DEFAULT_LOCALE, title="", intro="")
        questionnaire.texts.append(german)
    covered = set(db.scalars(builder_queries.covered_quartier_ids(questionnaire.id)))
    changed = []
    if german.title != data.title:
        changed.append(_("Titel"))
    if german.intro != data.intro:
        changed.append(_("Einleitung"))
    if (questionnaire.opens_on, questionnaire.closes_on) != (data.opens_on, data.closes_on):
        changed.append(_("Zeitraum"))
    if questionnaire.status != data.status:
        changed.append(_("Status"))
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
    questionnaire.status, questionnaire.languages = data.status, list(data.languages)
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
                   builder_queries.covered_quartier_ids(questionnaire.id)))
    record(db, copy, organiser_id, _("Als Kopie von %(title)s angelegt", title=quoted(title)))
    return copy


def delete_questionnaire(db: Session, questionnaire: Questionnaire) -> dict[str, str]:
    if is_locked(db, questionnaire.id):
        return {"delete": _("Dieser Fragebogen hat schon Antworten und kann deshalb nicht "
                            "gelöscht werden. Sie können ihn schließen.")}
    for model in (Draft, ContentChange, QuestionnaireQuartier):
        db.execute(delete(model).where(model.questionnaire_id == questionnaire.id))
    db.delete(questionnaire)
    db.flush()
    return {}


# --- questions --------------------------------------------------------------------------------


def dependents(questionnaire: Questionnaire, key: str) -> list[tuple[int, Question]]:
    """(number, question) of the questions shown only depending on the question `key`."""
    return [(number, q) for number, q in enumerate(questionnaire.questions, start=1)
            if ((q.settings or {}).get("show_if") or {}).get("question") == key]


def _snapshot(question: Question) -> tuple:
    return (question.kind, question.required, question.field_of_action,
            repr(sorted((question.settings or {}).items())),
            german_text(question.texts, "text"), german_text(question.texts, "hint"),
            [(o.key, german_text(o.texts, "label")) for o in question.options])


def _structure_problems(db: Session, questionnaire: Questionnaire, question: Question,
                        data: QuestionInput) -> dict[str, str]:
    options_field = ("options" if data.kind in OWN_OPTION_KINDS else
                     "scale_from" if data.kind == "scale" else "text")
    old_keys = set(answer_keys(question.kind, question.settings or {},
                               tuple(o.key for o in question.options)))
    new_keys = set(answer_keys(data.kind, data.settings,
                               tuple(key for key, _label in data.options)))
    problems = {}
    if is_locked(db, questionnaire.id):
        if data.kind != question.kind:
            return {"text": _("Dieser Fragebogen hat schon Antworten. Die Art einer Frage kann "
                              "deshalb nicht mehr geändert werden.")}
        removed = sorted(old_keys - new_keys)
        if removed:
            target = "extras-1" if set(removed) <= {OTHER_KEY, PREFER_NOT_KEY} else options_field
            problems[target] = _(
                "Dieser Fragebogen hat schon Antworten. Antwortmöglichkeiten können deshalb "
                "nicht mehr entfernt werden (Schlüssel: %(keys)s). Die Beschriftung können "
                "Sie ändern, solange der Schlüssel vor dem senkrechten Strich gleich bleibt.",
                keys=", ".join(removed))
            return problems
    for number, dependent in dependents(questionnaire, question.key):
        wanted = set(dependent.settings["show_if"].get("any_of", ()))
        if not wanted <= new_keys:
            missing = sorted(wanted - new_keys)
            target = "extras-1" if set(missing) <= {OTHER_KEY, PREFER_NOT_KEY} else options_field
            problems[target] = _(
                "Frage %(n)d wird nur bei der Antwort %(keys)s gezeigt. Bitte ändern Sie zuerst "
                "die Bedingung von Frage %(n)d.", n=number, keys=", ".join(missing))
            break
    return problems


def _set_german(texts: list, factory, **values) -> None:
    found = next((t for t in texts if t.lang == DEFAULT_LOCALE), None)
    if found is None:
        texts.append(factory(lang=DEFAULT_LOCALE, **values))
    else:
        for name, value in values.items():
            setattr(found, name, value)


def _apply_options(question: Question, options: list[tuple[str, str]]) -> None:
    existing = {option.key: option for option in question.options}
    wanted = []
    for position, (key, label) in enumerate(options):
        option = existing.get(key) or Option(key=key)
        option.position = position
        _set_german(option.texts, OptionText, label=label)
        wanted.append(option)
    question.options[:] = wanted  # options no longer listed are deleted (delete-orphan)


def copy_neutral_labels(questionnaire: Questionnaire) -> None:
    """Labels without letters ("2") are the same in every language: store them there too."""
    languages = [lang for lang in questionnaire.languages or () if lang != DEFAULT_LOCALE]
    for question in questionnaire.questions:
        for option in question.options:
            labels = {t.lang: t for t in option.texts}
            german = labels.get(DEFAULT_LOCALE)
            if german is None or not is_neutral(german.label):
                continue
            option.texts.extend(OptionText(lang=lang, label=german.label)
                                for lang in languages if lang not in labels)


def save_question(db: Session, questionnaire: Questionnaire, organiser_id: int,
                  question: Question | None, data: QuestionInput):
    """(question, problems): add a question at the end, or change one."""
    if question is None:
        keys = {q.key for q in questionnaire.questions}
        question = Question(key=make_key(data.text, keys, "frage"),
                            position=len(questionnaire.questions))
        questionnaire.questions.append(question)
        before = None
    else:
        problems = _structure_problems(db, questionnaire, question, data)
        if problems:
            return question, problems
        before = _snapshot(question)
    if before is not None and question.kind != data.kind:
        _forget_draft_answers(db, questionnaire, question.key)
    question.kind, question.required = data.kind, data.required
    question.field_of_action, question.settings = data.field_of_action, dict(data.settings)
    _set_german(question.texts, QuestionText, text=data.text, hint=data.hint)
    _apply_options(question, data.options)
    copy_neutral_labels(questionnaire)
    db.flush()
    number = questionnaire.questions.index(question) + 1
    if before is None:
        record(db, questionnaire, organiser_id, _("Frage %(n)d hinzugefügt: %(text)s",
                                                  n=number, text=quoted(data.text)))
    elif _snapshot(question) != before:
        summary = _("Frage %(n)d geändert: %(text)s", n=number, text=quoted(data.text))
        if is_locked(db, questionnaire.id):
            summary = _("%(summary)s (nach Eingang von Antworten)", summary=summary)
        record(db, questionnaire, organiser_id, summary)
    return question, {}


def _forget_draft_answers(db: Session, questionnaire: Questionnaire, key: str) -> None:
    """Unfinished answers to a question whose kind changed no longer fit it: drop them."""
    for draft in db.scalars(select(Draft).where(Draft.questionnaire_id == questionnaire.id)):
        answers = dict(draft.answers or {})
        if key in answers or other_key(key) in answers:
            answers.pop(key, None)
            answers.pop(other_key(key), None)
            draft.answers = answers


def _renumber(questionnaire: Questionnaire, ordered: list[Question]) -> None:
    for position, question in enumerate(ordered):
        question.position = position
    questionnaire.questions[:] = ordered


def move_question(db: Session, questionnaire: Questionnaire, organiser_id: int,
                  question: Question, step: int) -> dict[str, str]:
    """Move one place up (step -1) or down (+1); a question stays after its condition's."""
    ordered = list(questionnaire.questions)
    index = ordered.index(question)
    other_index = index + step
    if not 0 <= other_index < len(ordered):
        return {}
    first, second = sorted((index, other_index))
    earlier, later = ordered[first], ordered[second]
    if ((later.settings or {}).get("show_if") or {}).get("question") == earlier.key:
        return {f"frage-{question.id}": _(
            "Frage %(later)d hängt von Frage %(earlier)d ab und muss deshalb nach ihr stehen.",
            later=second + 1, earlier=first + 1)}
    ordered[first], ordered[second] = later, earlier
    _renumber(questionnaire, ordered)
    summary = (_("Frage %(text)s nach oben verschoben", text=quoted(
        german_text(question.texts, "text"))) if step < 0 else
        _("Frage %(text)s nach unten verschoben", text=quoted(
            german_text(question.texts, "text"))))
    record(db, questionnaire, organiser_id, summary)
    return {}


def question_delete_problem(db: Session, questionnaire: Questionnaire,
                            question: Question) -> str | None:
    """Why a question cannot be deleted, or None."""
    if is_locked(db, questionnaire.id):
        return _("Dieser Fragebogen hat schon Antworten. Fragen können deshalb nicht mehr "
                 "gelöscht werden; die Formulierung können Sie ändern.")
    depending = dependents(questionnaire, question.key)
    if depending:
        return _("Frage %(n)d wird nur abhängig von dieser Frage gezeigt. Bitte ändern Sie "
                 "zuerst deren Bedingung.", n=depending[0][0])
    return None


def delete_question(db: Session, questionnaire: Questionnaire, organiser_id: int,
                    question: Question) -> dict[str, str]:
    problem = question_delete_problem(db, questionnaire, question)
    if problem:
        return {"delete": problem}
    text = german_text(question.texts, "text")
    _renumber(questionnaire, [q for q in questionnaire.questions if q is not question])
    db.flush()
    record(db, questionnaire, organiser_id, _("Frage %(text)s gelöscht", text=quoted(text)))
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
    if changed:
        record(db, questionnaire, organiser_id, ngettext(
            "Übersetzung %(language)s: %(num)d Text geändert",
            "Übersetzung %(language)s: %(num)d Texte geändert", changed,
            language=language_name(lang, current_lang())))
    return changed


def _drop_empty_rows(questionnaire: Questionnaire, lang: str) -> None:
    questionnaire.texts[:] = [t for t in questionnaire.texts
                              if t.lang != lang or t.title or t.intro]
    for question in questionnaire.questions:
        question.texts[:] = [t for t in question.texts if t.lang != lang or t.text or t.hint]
        for option in question.options:
            option.texts[:] = [t for t in option.texts if t.lang != lang or t.label]
