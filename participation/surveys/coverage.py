"""The texts of a questionnaire that need translating, and how many are translated per language.

A text counts when its German version is not empty and contains a letter: a scale step
labelled "2" reads the same in every language and is copied instead of translated.
Languages are offered to residents only when every text is translated.
"""

from dataclasses import dataclass

from babel import Locale

from participation.i18n import DEFAULT_LOCALE, EASY_GERMAN, html_lang, native_name
from participation.surveys.models import Questionnaire

# Content languages an organiser can offer; German is the source and always offered.
CONTENT_LANGUAGES = ("de", EASY_GERMAN, "en", "ar", "tr", "it", "el", "hr", "uk", "ru", "ro",
                     "pl")


@dataclass(frozen=True)
class Translatable:
    """One text of a questionnaire: where it lives, its German source and its translation."""

    field: str  # form field name on the translations page, e.g. "q12-text"
    part: str  # title | intro | text | hint | option
    owner_id: int  # questionnaire, question or option id
    question_number: int | None  # 1-based, for the label
    german: str
    translation: str


@dataclass(frozen=True)
class Coverage:
    lang: str
    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.done == self.total


def is_neutral(text: str) -> bool:
    """True for texts without letters (numbers, dashes): the same in every language."""
    return not any(character.isalpha() for character in text)


def translatables(questionnaire: Questionnaire, lang: str) -> list[Translatable]:
    """Every text to translate into `lang`, in reading order (needs the content loaded)."""
    texts = {t.lang: t for t in questionnaire.texts}
    german, target = texts.get(DEFAULT_LOCALE), texts.get(lang)
    found = []
    if german is not None:
        found.append(Translatable("title", "title", questionnaire.id, None, german.title,
                                  target.title if target else ""))
        if german.intro.strip():
            found.append(Translatable("intro", "intro", questionnaire.id, None, german.intro,
                                      target.intro if target else ""))
    for number, question in enumerate(questionnaire.questions, start=1):
        q_texts = {t.lang: t for t in question.texts}
        q_german, q_target = q_texts.get(DEFAULT_LOCALE), q_texts.get(lang)
        if q_german is not None:
            found.append(Translatable(f"q{question.id}-text", "text", question.id, number,
                                      q_german.text, q_target.text if q_target else ""))
            if q_german.hint.strip():
                found.append(Translatable(f"q{question.id}-hint", "hint", question.id, number,
                                          q_german.hint, q_target.hint if q_target else ""))
        for option in question.options:
            labels = {t.lang: t.label for t in option.texts}
            label = labels.get(DEFAULT_LOCALE, "")
            if label.strip() and not is_neutral(label):
                found.append(Translatable(f"o{option.id}", "option", option.id, number,
                                          label, labels.get(lang, "")))
    return [t for t in found if t.german.strip()]


def coverage(questionnaire: Questionnaire, lang: str) -> Coverage:
    texts = translatables(questionnaire, lang)
    if lang == DEFAULT_LOCALE:
        return Coverage(lang, len(texts), len(texts))
    return Coverage(lang, sum(1 for t in texts if t.translation.strip()), len(texts))


def offered_languages(questionnaire: Questionnaire) -> list[str]:
    """German, and every chosen language whose texts are all translated."""
    chosen = [lang for lang in questionnaire.languages or () if lang != DEFAULT_LOCALE]
    return [DEFAULT_LOCALE] + [lang for lang in chosen
                               if coverage(questionnaire, lang).complete]


def language_name(lang: str, in_lang: str) -> str:
    """The name of `lang` in the interface language ("Türkisch" on a German page)."""
    if lang == EASY_GERMAN:
        return native_name(lang)  # a name, the same in every language
    name = Locale.parse(html_lang(lang)).get_display_name(html_lang(in_lang)) or lang
    return name[:1].upper() + name[1:]


def content_language_choices() -> list[dict]:
    """Checkbox options for the offered languages: each named in itself, German left out."""
    return [{"value": lang, "label": native_name(lang), "lang": lang}
            for lang in CONTENT_LANGUAGES if lang != DEFAULT_LOCALE]

