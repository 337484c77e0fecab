"""Questionnaire content in one language, with German as the explicit fallback.

A `LocalText` remembers when it fell back, so templates can mark that element `lang="de"`.
"""

import string
from dataclasses import dataclass, field, replace

from participation.i18n import DEFAULT_LOCALE
from participation.surveys.coverage import offered_languages
from participation.surveys.models import Questionnaire


@dataclass(frozen=True)
class LocalText:
    text: str
    lang: str | None = None  # set only when the text is in another language than the page

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class OptionView:
    key: str
    label: LocalText


@dataclass(frozen=True)
class QuestionView:
    id: int
    key: str
    position: int
    kind: str
    required: bool
    field_of_action: str | None
    settings: dict
    text: LocalText
    hint: LocalText | None
    options: tuple[OptionView, ...] = ()
    answerable: bool = True  # False for sections, matrix and group headers, scores
    page_key: str = ""  # questions with the same page key are answered on one page
    number: str = ""  # the number residents and paper see: "5", a matrix row "5b"
    group_text: LocalText | None = None  # a matrix row's or group field's shared stem
    # own wording of built-in answers ("keine Angabe" for "prefer_not"), from options whose
    # key is a built-in answer the question offers (structure.py)
    labels: tuple[OptionView, ...] = ()

    @property
    def label(self) -> str:
        """The question's number and text, as lists of questions name it."""
        return f"{self.number}. {self.text}" if self.number else str(self.text)

    def option_label(self, key: str) -> LocalText | None:
        return next((o.label for o in self.options if o.key == key), None)


@dataclass(frozen=True)
class QuestionnaireView:
    id: int
    municipality_id: int
    status: str
    languages: tuple[str, ...]
    title: LocalText
    intro: LocalText
    questions: tuple[QuestionView, ...] = field(default=())
    version: int = 0  # the content version it was built from

    def question_at(self, position: int) -> QuestionView | None:
        if 1 <= position <= len(self.questions):
            return self.questions[position - 1]
        return None

    @property
    def answerable(self) -> tuple[QuestionView, ...]:
        return tuple(question for question in self.questions if question.answerable)


def pick(texts: dict[str, str], lang: str, page_lang: str | None = None) -> LocalText:
    """The text in `lang`, else the German one; marked when it differs from the page."""
    page_lang = page_lang or lang
    used = lang if texts.get(lang) else DEFAULT_LOCALE
    return LocalText(texts.get(used, ""), None if used == page_lang else used)


def questionnaire_view(questionnaire: Questionnaire, lang: str,
                       complete_languages_only: bool = False) -> QuestionnaireView:
    """The questionnaire's content for a page in `lang`, with German as the fallback.

    For residents (`complete_languages_only`), a language is used only once every text is
    translated; until then the whole questionnaire is shown in German, marked lang="de".
    """
    page_lang = lang
    if complete_languages_only and lang not in offered_languages(questionnaire):
        lang = DEFAULT_LOCALE
    titles = {t.lang: t.title for t in questionnaire.texts}
    intros = {t.lang: t.intro for t in questionnaire.texts}
    questions = []
    for position, question in enumerate(questionnaire.questions, start=1):
        texts = {t.lang: t.text for t in question.texts}
        hints = {t.lang: t.hint for t in question.texts if t.hint}
        options = tuple(
            OptionView(option.key,
                       pick({t.lang: t.label for t in option.texts}, lang, page_lang))
            for option in question.options
        )
        questions.append(QuestionView(
            id=question.id, key=question.key, position=position, kind=question.kind,
            required=question.required, field_of_action=question.field_of_action,
            settings=dict(question.settings or {}), text=pick(texts, lang, page_lang),
            hint=pick(hints, lang, page_lang) if hints else None,
            options=tuple(o for o in options if o.key not in BUILT_IN_KEYS),
            labels=tuple(o for o in options if o.key in BUILT_IN_KEYS),
        ))
    questions = with_structure(questions)
    return QuestionnaireView(
        id=questionnaire.id, municipality_id=questionnaire.municipality_id,
        status=questionnaire.status, languages=tuple(questionnaire.languages or ()),
        title=pick(titles, lang, page_lang), intro=pick(intros, lang, page_lang),
        questions=tuple(questions), version=questionnaire.version or 0,
    )


STRUCTURE_KIND_NAMES = frozenset({"section", "matrix", "number_group", "score"})
# The answers the platform words itself unless a question gives its own wording.
BUILT_IN_KEYS = frozenset({"other", "dont_know", "prefer_not"})
GROUP_KINDS = frozenset({"matrix", "number_group"})
# What a matrix passes on to its rows: the answer codes it offers and its sensitivity.
INHERITED_SETTINGS = ("prefer_not", "dont_know", "sensitive")


def with_structure(questions: list[QuestionView]) -> list[QuestionView]:
    """The questions with their numbers, pages and what rows take from their matrix."""
    headers: dict[str, QuestionView] = {}
    rows_seen: dict[str, int] = {}
    done: list[QuestionView] = []
    number = 0
    for question in questions:
        if question.kind in STRUCTURE_KIND_NAMES:
            if question.kind in GROUP_KINDS:
                number += 1
                question = replace(question, answerable=False, number=str(number),
                                   page_key=f"{question.key}:0")
                headers[question.key] = question
            else:
                question = replace(question, answerable=False)
            done.append(question)
            continue
        header = headers.get(question.settings.get("group"))
        if header is None:
            number += 1
            done.append(replace(question, number=str(number), page_key=question.key))
            continue
        index = rows_seen.get(header.key, 0)
        rows_seen[header.key] = index + 1
        chunk = header.settings.get("chunk") or 0
        settings = {name: header.settings[name] for name in INHERITED_SETTINGS
                    if name in header.settings and header.kind == "matrix"}
        done.append(replace(
            question, number=header.number + _row_letter(index),
            page_key=f"{header.key}:{index // chunk if chunk else 0}",
            options=header.options if header.kind == "matrix" else question.options,
            labels=header.labels if header.kind == "matrix" else question.labels,
            settings={**settings, **question.settings}, group_text=header.text))
    return done


def _row_letter(index: int) -> str:
    letters = string.ascii_lowercase
    return letters[index] if index < len(letters) else f".{index + 1}"


class ViewCache:
    """Questionnaire views per (id, content version, language), kept per process.

    The views are immutable, so every request and thread may share them; a new content
    version simply misses and the old entry ages out.
    """

    def __init__(self, size: int = 256):
        self.size = size
        self._views: dict[tuple[int, int, str], QuestionnaireView] = {}

    def get(self, key: tuple[int, int, str]) -> QuestionnaireView | None:
        return self._views.get(key)

    def put(self, key: tuple[int, int, str], view: QuestionnaireView) -> None:
        if len(self._views) >= self.size:
            self._views.pop(next(iter(self._views)), None)
        self._views[key] = view

    def clear(self) -> None:
        self._views.clear()
