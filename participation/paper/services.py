"""Write use cases for paper questionnaires: record a printed range, store one keyed-in
sheet exactly once, and correct or delete a stored sheet with a change record.

A sheet number is entered once per questionnaire: the unique (questionnaire_id, sheet_number)
constraint decides, with INSERT … ON CONFLICT DO NOTHING, so two staff members keying in
the same sheet at the same moment store one response and the other is told. Services flush;
the request edge commits.
"""

import hashlib
from datetime import UTC, date, datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from participation.clock import local_now, local_today
from participation.digests import services as digest_services
from participation.paper.models import (
    LANGUAGE_CHANGED,
    QUARTIER_CHANGED,
    SHEET_CORRECTED,
    SHEET_DELETED,
    PrintRun,
    SheetChange,
)
from participation.statements import insert_ignoring_duplicates
from participation.surveys.content import QuestionnaireView
from participation.surveys.models import CHANNEL_PAPER, Answer, Response
from participation.surveys.questions import other_key
from participation.surveys.services import store_answers

# Neutral words of a change summary besides question numbers; the list page translates them.


def _instant() -> datetime:
    """Now in UTC, as releases store their moments (so the two compare on SQLite too)."""
    return local_now().astimezone(UTC)


def record_print_run(db: Session, view: QuestionnaireView, numbers: range, lang: str,
                     organiser_id: int | None, now: datetime | None = None) -> PrintRun:
    run = PrintRun(questionnaire_id=view.id, first=numbers.start, last=numbers.stop - 1,
                   lang=lang, organiser_id=organiser_id, printed_at=now or _instant())
    db.add(run)
    db.flush()
    return run


def paper_submission_key(questionnaire_id: int, sheet_number: int) -> str:
    """The response's unique submission key: the same sheet always has the same key.

    Draft tokens are URL-safe base64 and never contain ":", so no resident's key can match.
    """
    return hashlib.sha256(f"paper:{questionnaire_id}:{sheet_number}".encode()).hexdigest()


def record_sheet(view: QuestionnaireView, quartier_id: int, sheet_number: int, lang: str,
                 answers: dict, today: date | None = None,
                 entered_by_id: int | None = None) -> int | None:
    """Store a paper sheet as a response on channel "paper"; its id, or None if already there.

    `answers` holds values as a draft does (question key → value, `other_key(key)` → text);
    only questions shown under those answers are stored (conditions on paper are
    instructions the resident may have missed). `entered_by_id`: the organiser keying it in.
    """
    today = today or local_today()
    response_id = insert_ignoring_duplicates(Response.__table__, {
        "questionnaire_id": view.id, "quartier_id": quartier_id, "channel": CHANNEL_PAPER,
        "locale": lang, "submitted_on": today, "sheet_number": sheet_number,
        "submission_key": paper_submission_key(view.id, sheet_number),
        "entered_by_id": entered_by_id,
    }, returning=Response.__table__.c.id)
    if response_id is None:  # this sheet number was entered before (or in parallel)
        return None
    store_answers(view, response_id, answers)
    digest_services.note_new_response(view.municipality_id, today)
    return response_id


def _changed_numbers(view: QuestionnaireView, before: dict, after: dict) -> list[str]:
    """The numbers of the questions whose answers differ (never the answers themselves)."""
    return [question.number for question in view.answerable
            if before.get(question.key) != after.get(question.key)
            or before.get(other_key(question.key)) != after.get(other_key(question.key))]


def correct_sheet(db: Session, view: QuestionnaireView, response: Response, quartier_id: int,
                  lang: str, before: dict, answers: dict, organiser_id: int | None,
                  now: datetime | None = None) -> SheetChange | None:
    """Replace a stored sheet's answers (the response row and its number stay); a change
    record naming what changed, or None if the sheet was saved unchanged."""
    words = ([QUARTIER_CHANGED] if quartier_id != response.quartier_id else []) + (
        [LANGUAGE_CHANGED] if lang != response.locale else [])
    numbers = _changed_numbers(view, before, answers)
    if not words and not numbers:
        return None
    change = SheetChange(questionnaire_id=view.id, quartier_id=response.quartier_id,
                         sheet_number=response.sheet_number, action=SHEET_CORRECTED,
                         organiser_id=organiser_id, changed_at=now or _instant(),
                         summary=", ".join([*words, *numbers]))
    db.add(change)
    if quartier_id != response.quartier_id:
        # recorded in the Quartier it joins too: that Quartier's releases then allow for a
        # changed sheet there as well, instead of taking it for a new one
        db.add(SheetChange(questionnaire_id=view.id, quartier_id=quartier_id,
                           sheet_number=response.sheet_number, action=SHEET_CORRECTED,
                           organiser_id=organiser_id, changed_at=change.changed_at,
                           summary=change.summary))
    db.execute(delete(Answer).where(Answer.response_id == response.id))
    response.quartier_id, response.locale = quartier_id, lang
    db.flush()
    store_answers(view, response.id, answers)
    digest_services.note_new_response(view.municipality_id, local_today())
    return change


def delete_sheet(db: Session, view: QuestionnaireView, response: Response,
                 organiser_id: int | None, now: datetime | None = None) -> SheetChange:
    """Remove a keyed-in sheet and its answers; the change record stays."""
    change = SheetChange(questionnaire_id=view.id, quartier_id=response.quartier_id,
                         sheet_number=response.sheet_number, action=SHEET_DELETED,
                         organiser_id=organiser_id, changed_at=now or _instant(),
                         summary="")
    db.add(change)
    db.execute(delete(Answer).where(Answer.response_id == response.id))
    db.execute(delete(Response).where(Response.id == response.id))
    db.flush()
    digest_services.note_new_response(view.municipality_id, local_today())
    return change
