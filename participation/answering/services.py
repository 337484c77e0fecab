"""Write use cases for answering: drafts saved after every page, and the idempotent submit.

Services flush; the request edge commits.
"""

import hashlib
import hmac
import secrets
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import bindparam, delete
from sqlalchemy.orm import Session

from participation import statements
from participation.answering import queries
from participation.digests import services as digest_services
from participation.statements import insert_ignoring_duplicates
from participation.surveys.conditions import visible_questions
from participation.surveys.content import QuestionnaireView
from participation.surveys.models import Draft, Response
from participation.surveys.questions import other_key
from participation.surveys.services import store_answers

# The final submit's statements, built once (QUALITY.md §6: it runs on every submission).
RESPONSES = Response.__table__
DELETE_DRAFT = delete(Draft.__table__).where(Draft.__table__.c.id == bindparam("draft_id"))


def new_token() -> str:
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Six characters without 0/O and 1/I: easy to read aloud, write down and type.
RESUME_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RESUME_CODE_LENGTH = 6


def normalise_resume_code(raw: str) -> str | None:
    """Upper-case the code and drop spaces and dashes; None if it cannot be a code."""
    code = "".join(ch for ch in raw.upper() if ch not in " -\t")
    if len(code) != RESUME_CODE_LENGTH or any(ch not in RESUME_ALPHABET for ch in code):
        return None
    return code


def hash_resume_code(code: str, secret: str) -> str:
    # Keyed, so a copy of the database alone does not let anyone try all codes offline.
    return hmac.new(secret.encode(), code.encode(), hashlib.sha256).hexdigest()


def issue_resume_code(db: Session, draft: Draft, secret: str) -> str:
    """Give the draft a new resume code (the old one stops working) and return it."""
    while True:
        code = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_CODE_LENGTH))
        code_hash = hash_resume_code(code, secret)
        if db.scalar(queries.draft_by_resume_code_hash(code_hash)) is None:
            break
    draft.resume_code_hash = code_hash
    draft.updated_at = datetime.now(UTC)
    db.flush()
    return code


def resume_draft(db: Session, code: str, secret: str) -> tuple[Draft, str] | None:
    """Find the draft of a resume code and hand it a new browser token.

    The new token moves the draft to this browser; a shared tablet that still holds the
    old token no longer reaches it.
    """
    draft = db.scalar(queries.draft_by_resume_code_hash(hash_resume_code(code, secret)))
    if draft is None:
        return None
    token = new_token()
    draft.token_hash = hash_token(token)
    draft.updated_at = datetime.now(UTC)
    db.flush()
    return draft, token


def load_draft(db: Session, token: str | None) -> Draft | None:
    if not token:
        return None
    return db.scalar(queries.draft_by_token_hash(hash_token(token)))


def start_draft(db: Session, token: str, questionnaire_id: int, lang: str,
                channel: str) -> Draft:
    draft = Draft(token_hash=hash_token(token), questionnaire_id=questionnaire_id,
                  locale=lang, channel=channel, answers={}, updated_at=datetime.now(UTC))
    db.add(draft)
    db.flush()
    return draft


def save_quartier(db: Session, draft: Draft, quartier_id: int) -> None:
    draft.quartier_id = quartier_id
    draft.updated_at = datetime.now(UTC)
    db.flush()


def save_answer(db: Session, draft: Draft, question_key: str, value, lang: str,
                other: str | None = None) -> None:
    answers = dict(draft.answers or {})
    for key, new in ((question_key, value), (other_key(question_key), other)):
        if new is None:
            answers.pop(key, None)
        else:
            answers[key] = new
    draft.answers = answers  # a new dict, so the JSON column is marked changed
    draft.locale = lang
    draft.updated_at = datetime.now(UTC)
    db.flush()


def missing_required(view: QuestionnaireView, draft: Draft) -> list[int]:
    """Positions of required questions, among those shown, without an answer."""
    answers = draft.answers or {}
    return [q.position for q in visible_questions(view, answers)
            if q.required and answers.get(q.key) is None]


def submit(view: QuestionnaireView, draft, municipality_id: int,
           today: date | None = None) -> int:
    """Turn a complete draft into one anonymous response, exactly once; returns its id.

    `draft` may be the ORM object or a read-only row (journey.DraftState). The response's
    unique submission key is the draft token's hash: a double tap or a replayed POST inserts
    nothing (ON CONFLICT DO NOTHING) and finds the stored response. Direct statements only
    (statements.py): this runs on every submission.
    """
    today = today or datetime.now(UTC).date()
    response_id = insert_ignoring_duplicates(RESPONSES, {
        "questionnaire_id": view.id, "quartier_id": draft.quartier_id,
        "channel": draft.channel, "locale": draft.locale, "submitted_on": today,
        "submission_key": draft.token_hash,
    }, returning=RESPONSES.c.id)
    if response_id is None:  # a parallel request with the same draft won the race
        return statements.read_row(queries.RESPONSE_ID_BY_SUBMISSION_KEY,
                                   {"submission_key": draft.token_hash}).id
    store_answers(view, response_id, draft.answers or {})
    digest_services.note_new_response(municipality_id, today)
    statements.run(DELETE_DRAFT, {"draft_id": draft.id})
    return response_id


def delete_stale_drafts(db: Session, retention_hours: int, now: datetime | None = None) -> int:
    cutoff = (now or datetime.now(UTC)) - timedelta(hours=retention_hours)
    result = db.execute(delete(Draft).where(Draft.updated_at < cutoff))
    return result.rowcount or 0
