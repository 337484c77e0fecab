"""Write use case for paper questionnaires: store one keyed-in sheet, exactly once.

A sheet number is entered once per questionnaire: the unique (questionnaire_id, sheet_number)
constraint decides, with INSERT … ON CONFLICT DO NOTHING, so two staff members keying in
the same sheet at the same moment store one response and the other is told. Services flush;
the request edge commits.
"""

import hashlib
from datetime import date

from participation.clock import local_today
from participation.digests import services as digest_services
from participation.statements import insert_ignoring_duplicates
from participation.surveys.content import QuestionnaireView
from participation.surveys.models import CHANNEL_PAPER, Response
from participation.surveys.services import store_answers


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
