"""Organiser handlers of the builder: content translations side by side, and every
question of one content language on one page to read through (the resident-style preview
is manage_preview.py). The organiser's page stays in their language; every text that is
not in it carries its own `lang` attribute.
"""

from flask import abort, redirect, request, url_for
from flask_babel import gettext as _

from participation import db
from participation.accounts.access import login_required
from participation.builder import forms, services
from participation.builder.manage import bp
from participation.builder.page import (
    condition_text,
    coverage_text,
    language_rows,
    organiser_id,
    page,
)
from participation.builder.translation_file_reading import MAX_FILE_BYTES
from participation.i18n import DEFAULT_LOCALE, current_lang, native_name
from participation.surveys.access import organiser_questionnaire as visible_questionnaire
from participation.surveys.content import LocalText, questionnaire_view
from participation.surveys.coverage import (
    CONTENT_LANGUAGES,
    coverage,
    is_neutral,
    language_name,
    offered_languages,
    translatables,
)
from participation.surveys.questions import KINDS, OTHER_KEY


@bp.get("/verwaltung/fragebogen/<id:questionnaire_id>/uebersetzungen")
@login_required
def translations(questionnaire_id: int):
    return overview(visible_questionnaire(questionnaire_id))


def overview(questionnaire, errors=None, **context):
    """The languages and their coverage; the upload of a file (manage_translation_files.py)
    answers with this page too, with its report or its problems."""
    chosen = set(questionnaire.languages or ())
    others = [{"lang": lang, "name": native_name(lang)} for lang in CONTENT_LANGUAGES
              if lang != DEFAULT_LOCALE and lang not in chosen]
    return page("translations.html", questionnaire, errors, rows=language_rows(questionnaire),
                others=others, upload_max_kb=MAX_FILE_BYTES // 1024, **context)


def _label(item, option_number: int) -> str:
    if item.part == "title":
        return _("Titel")
    if item.part == "intro":
        return _("Einleitung")
    if item.part == "text":
        return _("Frage %(n)d: Fragetext", n=item.question_number)
    if item.part == "hint":
        return _("Frage %(n)d: Hinweis", n=item.question_number)
    return _("Frage %(n)d: Antwort %(m)d", n=item.question_number, m=option_number)


def _groups(items) -> list[tuple[int | None, list]]:
    """The rows grouped under "Titel und Einleitung" (None) and each question number."""
    groups: list[tuple[int | None, list]] = []
    option_number = 0
    for item in items:
        if not groups or groups[-1][0] != item.question_number:
            groups.append((item.question_number, []))
            option_number = 0
        if item.part == "option":
            option_number += 1
        groups[-1][1].append((item, _label(item, option_number)))
    return groups


@bp.route("/verwaltung/fragebogen/<id:questionnaire_id>/uebersetzungen/<lang>",
          methods=["GET", "POST"])
@login_required
def translate(questionnaire_id: int, lang: str):
    questionnaire = visible_questionnaire(questionnaire_id)
    if lang not in CONTENT_LANGUAGES or lang == DEFAULT_LOCALE:
        abort(404)
    items = translatables(questionnaire, lang)
    values = {item.field: item.translation for item in items}
    errors = {}
    if request.method == "POST":
        data, errors, values = forms.parse_translations(request.form, items)
        if data is not None:
            services.save_translations(db.session(), questionnaire, organiser_id(), lang, data,
                                        items)
            return redirect(url_for("builder.translate",
                                    questionnaire_id=questionnaire.id, lang=lang,
                                    hinweis="gespeichert"))
    found = coverage(questionnaire, lang)
    return page("translate.html", questionnaire, errors, lang=lang, native=native_name(lang),
                language=language_name(lang, current_lang()), groups=_groups(items),
                values=values, coverage=coverage_text(found), complete=found.complete,
                chosen=lang in (questionnaire.languages or ()),
                offered=lang in offered_languages(questionnaire))


def _marker(content_lang: str, page_lang: str):
    """The `lang` attribute a content text needs on this page (None: the page's language)."""
    def lang_of(text: LocalText | None) -> str | None:
        if text is None or is_neutral(text.text):
            return None  # "2" on a scale is in no language
        actual = text.lang or content_lang
        return None if actual == page_lang else actual
    return lang_of


def _preview_questions(view, lang_of) -> list[dict]:
    questions = []
    for item in view.questions:
        if not item.answerable:
            if item.kind != "score":  # a score is worked out, never shown
                questions.append({"item": item, "heading": True, "text_lang": lang_of(item.text),
                                  "hint_lang": lang_of(item.hint),
                                  "condition": condition_text(view, item)})
            continue
        kind = KINDS[item.kind]
        own = {option.key for option in item.options}
        options = [{"value": o.key, "label": o.label.text,
                    "lang": lang_of(o.label) if o.key in own else None}
                   for o in kind.options(item)]
        questions.append({
            "item": item, "widget": "text" if kind.widget == "date" else kind.widget,
            "is_date": kind.widget == "date", "options": options,
            "has_other": any(o["value"] == OTHER_KEY for o in options),
            "text_lang": lang_of(item.text), "hint_lang": lang_of(item.hint),
            "condition": condition_text(view, item),
        })
    return questions


@bp.get("/verwaltung/fragebogen/<id:questionnaire_id>/vorschau/<lang>/alle")
@login_required
def preview_all(questionnaire_id: int, lang: str):
    """Every question on one page, to read through; the organiser's words stay theirs."""
    questionnaire = visible_questionnaire(questionnaire_id)
    if lang not in CONTENT_LANGUAGES:
        abort(404)
    view = questionnaire_view(questionnaire, lang)
    lang_of = _marker(lang, current_lang())
    languages = [DEFAULT_LOCALE] + [code for code in questionnaire.languages or ()
                                    if code != DEFAULT_LOCALE and code in CONTENT_LANGUAGES]
    if lang not in languages:
        languages.append(lang)
    return page("preview.html", questionnaire, lang=lang, view=view, lang_of=lang_of,
                questions=_preview_questions(view, lang_of),
                language_links=[{"lang": code, "name": native_name(code), "url": url_for(
                    "builder.preview_all", questionnaire_id=questionnaire.id, lang=code)}
                    for code in languages],
                language=language_name(lang, current_lang()),
                coverage=coverage_text(coverage(questionnaire, lang)),
                offered=lang in offered_languages(questionnaire))
