"""What every builder page shares: the page frame, notices, texts in German, conditions and
language coverage as organisers read them."""

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from participation import db
from participation.accounts.access import current_organiser
from participation.builder.services import is_locked
from participation.i18n import DEFAULT_LOCALE, current_lang
from participation.surveys.conditions import sources
from participation.surveys.content import LocalText, QuestionView, pick
from participation.surveys.coverage import (
    CONTENT_LANGUAGES,
    coverage,
    language_name,
    offered_languages,
)
from participation.surveys.models import (
    STATUS_CLOSED,
    STATUS_DRAFT,
    STATUS_OPEN,
    Question,
    Questionnaire,
)
from participation.surveys.questions import KINDS

STATUS_LABELS = {STATUS_DRAFT: _l("Entwurf"), STATUS_OPEN: _l("Geöffnet"),
                 STATUS_CLOSED: _l("Geschlossen")}
NOTICES = {
    "angelegt": _l("Der Fragebogen wurde als Entwurf angelegt."),
    "gespeichert": _l("Ihre Änderungen wurden gespeichert."),
    "kopiert": _l("Die Kopie wurde als Entwurf angelegt. Sie bearbeiten jetzt die Kopie."),
    "geloescht": _l("Der Fragebogen wurde gelöscht."),
    "frage-gespeichert": _l("Die Frage wurde gespeichert."),
    "frage-kopiert": _l("Die Frage wurde kopiert. Hier können Sie die Kopie ändern."),
    "frage-geloescht": _l("Die Frage wurde gelöscht."),
    "veroeffentlicht": _l("Der Fragebogen ist veröffentlicht."),
    "beendet": _l("Die Befragung ist beendet. Es werden keine neuen Antworten angenommen."),
    "entwurf": _l("Der Fragebogen ist wieder ein Entwurf."),
    "probe": _l("Ihre Probeantwort ist vermerkt. Sie wurde nicht gezählt."),
}


def question_of(questionnaire: Questionnaire, question_id: int) -> Question:
    question = next((q for q in questionnaire.questions if q.id == question_id), None)
    if question is None:
        abort(404)
    return question


def german(text: str) -> LocalText:
    """German content on a page that may be in another language."""
    return LocalText(text, None if current_lang() == DEFAULT_LOCALE else DEFAULT_LOCALE)


def title_of(questionnaire: Questionnaire) -> LocalText:
    return pick({t.lang: t.title for t in questionnaire.texts}, current_lang())


def notice() -> str | None:
    message = NOTICES.get(request.args.get("hinweis", ""))
    return str(message) if message else None


def page(template: str, questionnaire: Questionnaire, errors=None, **context):
    """Render a builder page of one questionnaire (status 400 when there are errors)."""
    context.setdefault("locked", is_locked(db.session(), questionnaire.id))
    body = render_template(f"builder/{template}", questionnaire=questionnaire,
                           title=title_of(questionnaire), errors=errors or {},
                           notice=notice(), status_labels=STATUS_LABELS, **context)
    return body, 400 if errors else 200


def organiser_id() -> int:
    return current_organiser().id



def language_rows(questionnaire: Questionnaire) -> list[dict]:
    """Coverage of every chosen language, as text, with whether residents are offered it."""
    offered = offered_languages(questionnaire)
    rows = []
    for lang in questionnaire.languages or ():
        if lang == DEFAULT_LOCALE or lang not in CONTENT_LANGUAGES:
            continue
        found = coverage(questionnaire, lang)
        rows.append({"lang": lang, "offered": lang in offered, "coverage": coverage_text(found)})
    return rows


def coverage_text(found) -> str:
    """"Türkisch: 18 von 20 Texten übersetzt"."""
    return ngettext("%(language)s: %(done)d von %(num)d Text übersetzt",
                    "%(language)s: %(done)d von %(num)d Texten übersetzt", found.total,
                    language=language_name(found.lang, current_lang()), done=found.done)


def answer_options(view: QuestionView) -> list[dict]:
    """Every answer a question can have, for conditions: own options marked as German."""
    own = {option.key for option in view.options}
    lang = None if current_lang() == DEFAULT_LOCALE else DEFAULT_LOCALE
    return [{"value": o.key, "label": o.label.text, "lang": lang if o.key in own else None}
            for o in KINDS[view.kind].options(view)]


def condition_text(view, item: QuestionView) -> str | None:
    condition = (item.settings or {}).get("show_if")
    if not condition:
        return None
    by_key = {q.key: q for q in view.questions}
    keys = sources(condition)
    if not keys or any(key not in by_key for key in keys):
        return _("Wird nie gezeigt: die Frage, von der sie abhängt, fehlt.")
    if set(condition) != {"question", "any_of"}:
        numbers = ", ".join(dict.fromkeys(by_key[key].number for key in keys))
        return _("Wird nur unter einer Bedingung gezeigt, die von Frage %(numbers)s abhängt.",
                 numbers=numbers)
    source = by_key[condition["question"]]
    labels = {o["value"]: o["label"] for o in answer_options(source)}
    answers = _(" oder ").join(f"„{labels.get(key, key)}“" for key in condition.get("any_of", ()))
    return _("Wird nur gezeigt, wenn Frage %(n)s mit %(answers)s beantwortet wurde.",
             n=source.number, answers=answers)
