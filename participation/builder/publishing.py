"""The publishing step: a checklist before residents can answer, and the schedule after.

A questionnaire is opened only here ("Veröffentlichen"), never from the settings form, so
every organiser goes through the same list: questions there, languages complete, Quartiere
chosen, dates set, a test answer made. Questions are a must; the rest are things a new
organiser forgets, so publishing with one of them open asks for an explicit confirmation.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import Session

from participation.builder.forms import format_day
from participation.builder.services import record
from participation.i18n import DEFAULT_LOCALE, current_lang
from participation.places import queries as place_queries
from participation.surveys import queries as survey_queries
from participation.surveys.coverage import CONTENT_LANGUAGES, coverage, language_name
from participation.surveys.models import STATUS_CLOSED, STATUS_DRAFT, STATUS_OPEN, Questionnaire

DONE, TO_CONFIRM, MISSING = "done", "confirm", "missing"


@dataclass(frozen=True)
class CheckItem:
    key: str  # also the id of the row, so the error summary can link to it
    title: str
    state: str  # DONE, TO_CONFIRM (may be published after confirming) or MISSING
    text: str
    fix_endpoint: str  # where the organiser puts it right
    fix_label: str
    fix_args: tuple = ()  # more arguments of that URL, as pairs


def checklist(db: Session, questionnaire: Questionnaire, today: date) -> list[CheckItem]:
    return [_questions(questionnaire), _languages(questionnaire),
            _quartiere(db, questionnaire), _dates(questionnaire, today),
            _test_answer(questionnaire)]


def _questions(questionnaire: Questionnaire) -> CheckItem:
    count = sum(1 for q in questionnaire.questions if q.kind not in ("section", "score"))
    if count:
        text = ngettext("Der Fragebogen hat %(num)d Frage.",
                        "Der Fragebogen hat %(num)d Fragen.", count)
    else:
        text = _("Der Fragebogen hat noch keine Fragen. Ohne Fragen kann er nicht "
                 "veröffentlicht werden.")
    return CheckItem("check-questions", _("Fragen"), DONE if count else MISSING, text,
                     "builder.questions", _("Zu den Fragen"))


def _languages(questionnaire: Questionnaire) -> CheckItem:
    chosen = [lang for lang in questionnaire.languages or ()
              if lang != DEFAULT_LOCALE and lang in CONTENT_LANGUAGES]
    found = [coverage(questionnaire, lang) for lang in chosen]
    incomplete = [c for c in found if not c.complete]
    names = ", ".join(language_name(c.lang, current_lang()) for c in incomplete)
    if not chosen:
        state, text = TO_CONFIRM, _("Der Fragebogen wird nur auf Deutsch angeboten.")
    elif incomplete:
        state, text = TO_CONFIRM, _(
            "Noch nicht vollständig übersetzt: %(languages)s. Bis alle Texte übersetzt sind, "
            "sehen Bewohnerinnen und Bewohner in dieser Sprache den deutschen Fragebogen.",
            languages=names)
    else:
        state, text = DONE, _("Vollständig übersetzt: %(languages)s.", languages=", ".join(
            language_name(lang, current_lang()) for lang in ["de", *chosen]))
    return CheckItem("check-languages", _("Sprachen"), state, text, "builder.translations",
                     _("Zu den Übersetzungen"))


def _quartiere(db: Session, questionnaire: Questionnaire) -> CheckItem:
    covered = set(db.scalars(survey_queries.covered_quartier_ids(questionnaire.id)))
    names = [q.name for q in db.scalars(place_queries.quartiere_of(questionnaire.municipality_id))
             if q.id in covered]
    if names:
        return CheckItem("check-quartiere", _("Quartiere"), DONE,
                         _("Der Fragebogen gilt für: %(names)s.", names=", ".join(names)),
                         "builder.settings", _("Quartiere ändern"))
    return CheckItem("check-quartiere", _("Quartiere"), TO_CONFIRM,
                     _("Es ist kein Quartier ausgewählt: der Fragebogen gilt für alle Quartiere "
                       "der Gemeinde."), "builder.settings", _("Quartiere auswählen"))


def _dates(questionnaire: Questionnaire, today: date) -> CheckItem:
    opens_on, closes_on = questionnaire.opens_on, questionnaire.closes_on
    if closes_on and closes_on < today:
        return CheckItem("check-dates", _("Zeitraum"), MISSING, _(
            "Das Ende der Befragung (%(day)s) liegt in der Vergangenheit. Bitte wählen Sie "
            "ein späteres Ende.", day=format_day(closes_on)), "builder.settings",
            _("Zeitraum ändern"))
    if opens_on and closes_on:
        return CheckItem("check-dates", _("Zeitraum"), DONE, _(
            "Bewohnerinnen und Bewohner können vom %(start)s bis zum %(end)s antworten.",
            start=format_day(opens_on), end=format_day(closes_on)), "builder.settings",
            _("Zeitraum ändern"))
    if closes_on:
        text = _("Kein Beginn gesetzt: die Befragung beginnt sofort und endet am %(end)s.",
                 end=format_day(closes_on))
    elif opens_on:
        text = _("Kein Ende gesetzt: die Befragung beginnt am %(start)s und läuft, bis Sie "
                 "sie beenden.", start=format_day(opens_on))
    else:
        text = _("Kein Zeitraum gesetzt: die Befragung beginnt sofort und läuft, bis Sie sie "
                 "beenden.")
    return CheckItem("check-dates", _("Zeitraum"), TO_CONFIRM, text, "builder.settings",
                     _("Zeitraum festlegen"))


def _test_answer(questionnaire: Questionnaire) -> CheckItem:
    if questionnaire.tested_version == questionnaire.version:
        return CheckItem("check-test", _("Probeantwort"), DONE, _(
            "Sie haben den Fragebogen in der Vorschau bis zum Ende ausgefüllt, seit er "
            "zuletzt geändert wurde."), "builder.preview", _("Noch einmal ausprobieren"),
            (("lang", DEFAULT_LOCALE),))
    text = _("Füllen Sie den Fragebogen in der Vorschau einmal bis zum Ende aus, so wie "
             "Bewohnerinnen und Bewohner ihn sehen. Die Probeantwort wird nicht gezählt.")
    if questionnaire.tested_version is not None:
        text = _("Der Fragebogen wurde nach der letzten Probeantwort geändert.") + " " + text
    return CheckItem("check-test", _("Probeantwort"), TO_CONFIRM, text, "builder.preview",
                     _("Zur Vorschau"), (("lang", DEFAULT_LOCALE),))


def publish_problems(items: list[CheckItem], confirmed: bool) -> dict[str, str]:
    """{row id: message} of what stops publishing now; empty means publish."""
    errors = {item.key: _("%(title)s: %(text)s", title=item.title, text=item.text)
              for item in items if item.state == MISSING}
    if not errors and not confirmed and any(item.state == TO_CONFIRM for item in items):
        errors["confirm-1"] = _("Bitte bestätigen Sie, dass Sie trotz der offenen Punkte "
                                "veröffentlichen möchten.")
    return errors


def note_test_answer(db: Session, questionnaire: Questionnaire) -> None:
    """A test answer of the content as it is now (the preview's send step)."""
    if questionnaire.tested_version != questionnaire.version:
        questionnaire.tested_version = questionnaire.version
        db.flush()


def publish(db: Session, questionnaire: Questionnaire, organiser_id: int) -> None:
    questionnaire.status = STATUS_OPEN
    record(db, questionnaire, organiser_id, _("Veröffentlicht"), new_version=False)


def end(db: Session, questionnaire: Questionnaire, organiser_id: int) -> None:
    questionnaire.status = STATUS_CLOSED
    record(db, questionnaire, organiser_id, _("Befragung beendet"), new_version=False)


def back_to_draft(db: Session, questionnaire: Questionnaire, organiser_id: int) -> None:
    """Only before the first response: afterwards the record of who answered what stays."""
    questionnaire.status = STATUS_DRAFT
    record(db, questionnaire, organiser_id, _("Zurück zum Entwurf"), new_version=False)


def schedule_text(questionnaire: Questionnaire, today: date) -> str:
    """Where a published questionnaire stands today, in words."""
    opens_on, closes_on = questionnaire.opens_on, questionnaire.closes_on
    if questionnaire.status == STATUS_DRAFT:
        return _("Entwurf: Bewohnerinnen und Bewohner sehen den Fragebogen noch nicht.")
    if questionnaire.status == STATUS_CLOSED:
        return _("Beendet: es werden keine neuen Antworten angenommen.")
    if opens_on and today < opens_on:
        return _("Veröffentlicht und geplant: Bewohnerinnen und Bewohner können ab dem "
                 "%(start)s antworten.", start=format_day(opens_on))
    if closes_on and today > closes_on:
        return _("Der Zeitraum ist am %(end)s abgelaufen: es werden keine neuen Antworten "
                 "angenommen.", end=format_day(closes_on))
    if closes_on:
        return _("Geöffnet: Bewohnerinnen und Bewohner können bis zum %(end)s antworten.",
                 end=format_day(closes_on))
    return _("Geöffnet: Bewohnerinnen und Bewohner können antworten, bis Sie die Befragung "
             "beenden.")
