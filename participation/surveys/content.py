"""Questionnaire content in one language, with German as the explicit fallback.

A `LocalText` remembers when it fell back, so templates can mark that element `lang="de"`.
"""

from dataclasses import dataclass, field

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
            hint=pick(hints, lang, page_lang) if hints else None, options=options,
        ))
    return QuestionnaireView(
        id=questionnaire.id, municipality_id=questionnaire.municipality_id,
        status=questionnaire.status, languages=tuple(questionnaire.languages or ()),
        title=pick(titles, lang, page_lang), intro=pick(intros, lang, page_lang),
        questions=tuple(questions), version=questionnaire.version or 0,
    )


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
