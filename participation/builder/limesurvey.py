"""LimeSurvey survey structure files (.lss, LimeSurvey 2.x to 6.x) as portable documents.

`convert(raw)` reads the XML without a DTD (a file that declares one or entities is refused:
no entity expansion, no external files) and returns (document, report): the document in the
format of transfer_schema.py, still to be checked by `validate_document`, and one translated
line for each part that could not be taken over. A file that cannot be converted gives
(None, report) and nothing is imported.

Decisions an organiser may ask about:
- Each question group becomes a "section" (group name as title, description as hint).
- A text display (X) at the start of a group extends the group's introduction; later in a
  group it starts a section of its own. A text with no question after it is left out.
- LimeSurvey's "Keine Antwort" on optional questions is not mapped to prefer_not: it only
  lets a resident leave the question unanswered, which every optional question allows here.
- German is required: a survey without a German language (de, de-informal, …) is refused.
  A German text missing in one place is filled from the base language and counted.
- Keys are the question codes in lower case, made valid and unique in file order.
"""

import re

from flask_babel import gettext as _
from flask_babel import ngettext

from participation.builder import limesurvey_conditions as conditions
from participation.builder import limesurvey_questions as questions
from participation.builder import limesurvey_reading as reading
from participation.builder.limesurvey_reading import Refused, Survey, parse, plain_text
from participation.i18n import PAGE_LANGUAGES

MAX_BYTES = reading.MAX_BYTES
HEAD_BYTES = 4096
TITLE_MAX = 300
TEXT_MAX = 5000
SLUG_MAX = 80
# LimeSurvey's own codes for variants of our languages
LANGUAGE_ALIASES = {"de-informal": "de", "de-easy": "de-x-ls", "de-ch": "de"}
PLACEHOLDER_RE = re.compile(r"\{[^{}\s][^{}]*\}")


def is_limesurvey(raw: bytes, filename: str = "") -> bool:
    """A LimeSurvey file by its name, or by its first bytes: XML (JSON never starts with "<")
    with LimeSurvey's document type."""
    head = raw[:HEAD_BYTES]
    return filename.lower().endswith(".lss") or (
        head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
        and b"<LimeSurveyDocType>" in head)


def convert(raw: bytes) -> tuple[dict | None, list[str]]:
    try:
        survey = Survey(parse(raw))
        conversion = Conversion(survey)
    except Refused as refusal:
        return None, [str(refusal)]
    for group in survey.groups:
        conversion.add_section(group)
        for item in survey.questions_of(group["gid"]):
            questions.add(conversion, item)
    return conversion.document(), conversion.report


def _slug(title: str, sid: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", questions.ascii_lower(title)).strip("-")
    return text[:SLUG_MAX].strip("-") or f"limesurvey-{sid or 'umfrage'}"


# --- conversion -------------------------------------------------------------------------------


class Conversion:
    """The document being built: entries, keys, languages, report, and the variables
    conditions can refer to (questions already imported)."""

    def __init__(self, survey: Survey):
        self.survey = survey
        self.report: list[str] = []
        self.languages = self._languages(survey.language_codes)
        self.entries: list[dict] = []
        self.keys: set[str] = set()
        self.variables: dict[str, conditions.Variable] = {}
        self.answerable_in_section = 0
        self.groups_seen = 0
        self.text_sections: dict[str, str] = {}  # key → code of the text display it came from
        self.missing_german = 0
        self.placeholders: set[str] = set()

    def _languages(self, codes: list[str]) -> dict[str, str]:
        """LimeSurvey code → ours; exact codes win over variants (de over de-informal)."""
        chosen: dict[str, str] = {}
        for exact in (True, False):
            for code in codes:
                ours = self._our_language(code, exact)
                if ours and ours not in chosen.values() and code not in chosen:
                    chosen[code] = ours
        for code in codes:
            if code not in chosen:
                ours = self._our_language(code, exact=False)
                self.say(_("Die Sprache „%(code)s“ wird auf dieser Plattform nicht angeboten und "
                           "wurde weggelassen.", code=code) if ours is None else _(
                    "Die Sprache „%(code)s“ wurde weggelassen: „%(kept)s“ wird schon als "
                    "„%(ours)s“ übernommen.", code=code, ours=ours,
                    kept=next(c for c, o in chosen.items() if o == ours)))
        if "de" not in chosen.values():
            raise Refused(_("Die Umfrage hat keine deutsche Fassung (Sprachen in der Datei: "
                            "%(codes)s). Importiert werden können nur Umfragen mit Deutsch als "
                            "einer ihrer Sprachen.", codes=", ".join(codes) or "–"))
        return dict(sorted(chosen.items(),  # German first, then in the file's order
                           key=lambda pair: (pair[1] != "de", codes.index(pair[0]))))

    @staticmethod
    def _our_language(code: str, exact: bool) -> str | None:
        lowered = code.lower()
        if exact:
            return lowered if lowered in PAGE_LANGUAGES else None
        if lowered in LANGUAGE_ALIASES:
            return LANGUAGE_ALIASES[lowered]
        base = lowered.split("-")[0]
        return base if base in PAGE_LANGUAGES else None

    def say(self, message: str) -> None:
        if message not in self.report:
            self.report.append(message)

    def key(self, wanted: str) -> str:
        """A valid question key from a LimeSurvey code, unique in this document."""
        key = re.sub(r"[^a-z0-9_]", "_", questions.ascii_lower(wanted))
        key = re.sub(r"_+", "_", key).strip("_")
        key = (key if key[:1].isalpha() else f"q_{key}".rstrip("_"))[:72]
        candidate, number = key, 1
        while candidate in self.keys:
            number += 1
            candidate = f"{key}_{number}"
        self.keys.add(candidate)
        return candidate

    def texts(self, by_language: dict[str, str], *, one_line: bool = False,
              limit: int = TEXT_MAX, fallback: str = "", code: str = "",
              required: bool = True) -> dict[str, str]:
        """Plain texts in our languages; German filled in when missing (and counted)."""
        cleaned = {lang: plain_text(text, one_line) for lang, text in by_language.items()}
        found = {ours: cleaned[lang] for lang, ours in self.languages.items() if cleaned.get(lang)}
        if required and not found.get("de"):
            self.missing_german += 1
            found["de"] = cleaned.get(self.survey.base) or next(
                (text for text in cleaned.values() if text), "") or fallback or "–"
        for lang, text in found.items():
            if PLACEHOLDER_RE.search(text) and code:
                self.placeholders.add(code)
            if len(text) > limit:
                found[lang] = text[:limit - 1] + "…"
                self.say(_("Ein Text von „%(code)s“ war zu lang und wurde auf %(n)d Zeichen "
                           "gekürzt.", code=code, n=limit))
        return dict(sorted(found.items(), key=lambda pair: pair[0] != "de"))

    def condition(self, equation: str, legacy: list[dict] | None, subject: str,
                  section: bool = False) -> dict | None:
        """Our show_if for a relevance equation, else for the 2.x condition rows it was made
        from; None when there is none, or when neither can be expressed (reported)."""
        sources = ([equation] if not conditions.is_always(equation) else []) + (
            [legacy] if legacy else [])
        first: tuple[conditions.Unsupported, str] | None = None
        for source in sources:
            shown = " ".join(source.split()) if isinstance(source, str) else ""
            try:
                if isinstance(source, str):
                    tree = conditions.parse(source)
                else:
                    tree = conditions.legacy_tree(source, self.survey.code_of_qid)
                    shown = conditions.render(tree)
                return conditions.condition(tree, self.variables)
            except conditions.Unsupported as problem:
                first = first or (problem, shown or _("Bedingungen aus LimeSurvey 2"))
        if first is not None:
            self._unsupported_condition(*first, subject, section)
        return None

    def _unsupported_condition(self, problem, shown: str, subject: str, section: bool) -> None:
        shown = shown if len(shown) <= 120 else shown[:119] + "…"
        if problem.source:
            message = _("Bedingung von „%(code)s“ (%(equation)s) bezieht sich auf „%(source)s“, "
                        "eine spätere oder nicht übernommene Frage; ",
                        code=subject, equation=shown, source=problem.source)
        else:
            message = _("Bedingung von „%(code)s“ (%(equation)s) kann nicht übernommen werden; ",
                        code=subject, equation=shown)
        self.say(message + (_("der Abschnitt wird immer gezeigt.") if section
                            else _("die Frage wird immer gestellt.")))

    def add_section(self, group: dict) -> None:
        self.groups_seen += 1
        number = self.groups_seen
        name = self.texts({lang: t[0] for lang, t in group["texts"].items()}, one_line=True,
                          limit=TITLE_MAX, fallback=_("Abschnitt %(n)d", n=number))
        entry = {"key": self.key(f"abschnitt_{number}"), "kind": "section", "text": name,
                 "hint": self.texts({lang: t[1] for lang, t in group["texts"].items()},
                                    required=False, code=name["de"])}
        if any(PLACEHOLDER_RE.search(text) for text in name.values()):
            self.placeholders.add(name["de"])
        condition = self.condition(group["relevance"], None, name["de"], section=True)
        if condition:
            entry["settings"] = {"show_if": condition}
        self.entries.append(entry)
        self.answerable_in_section = 0

    def document(self) -> dict:
        survey, texts = self.survey, self.survey.texts
        title = self.texts({lang: row.get("surveyls_title", "") for lang, row in texts.items()},
                           one_line=True, limit=TITLE_MAX,
                           fallback=_("LimeSurvey-Umfrage %(sid)s", sid=survey.sid))
        intro = self.texts({lang: "\n\n".join(
            row.get(name, "") for name in ("surveyls_description", "surveyls_welcometext"))
            for lang, row in texts.items()}, required=False)
        entries = _without_empty_sections(self.entries)
        for dropped in {e["key"] for e in self.entries} - {e["key"] for e in entries}:
            if dropped in self.text_sections:
                self.say(_("Textanzeige „%(code)s“: Danach folgt keine Frage mehr; der Text "
                           "wurde weggelassen.", code=self.text_sections[dropped]))
        for entry in entries:  # a hint only where the text has the same language
            entry["hint"] = {k: v for k, v in entry.get("hint", {}).items() if k in entry["text"]}
            for part in ("hint", "settings"):
                if not entry.get(part, True):
                    del entry[part]
        self._final_notes()
        return {"format": "participation-questionnaire", "version": 1,
                "slug": _slug(title["de"], survey.sid), "languages": list(
                    dict.fromkeys(self.languages.values())),
                "title": title, "intro": {k: v for k, v in intro.items() if k in title},
                "questions": entries}

    def _final_notes(self) -> None:
        for code in sorted(self.placeholders):
            self.say(_("„%(code)s“: Der Text enthält LimeSurvey-Ausdrücke in geschweiften "
                       "Klammern ({…}); sie werden hier nicht ausgewertet, sondern als Text "
                       "gezeigt.", code=code))
        if self.missing_german:
            self.say(ngettext(
                "%(num)d Text hat keine deutsche Fassung; dort steht jetzt der Text einer "
                "anderen Sprache oder der Fragecode. Bitte übersetzen Sie ihn.",
                "%(num)d Texte haben keine deutsche Fassung; dort steht jetzt der Text einer "
                "anderen Sprache oder der Fragecode. Bitte übersetzen Sie sie.",
                self.missing_german))
        if "quota" in self.survey.extras:
            self.say(_("Quoten werden nicht übernommen."))
        if "assessments" in self.survey.extras:
            self.say(_("Bewertungen (Assessments) werden nicht übernommen."))


def _without_empty_sections(entries: list[dict]) -> list[dict]:
    """Sections with a question after them: a section is shown above its first question."""
    kept = []
    for index, entry in enumerate(entries):
        following = entries[index + 1] if index + 1 < len(entries) else None
        if entry["kind"] != "section" or (following and following["kind"] != "section"):
            kept.append(entry)
    return kept
