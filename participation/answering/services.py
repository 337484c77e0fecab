"""Write use cases for answering: drafts saved after every page, and the idempotent submit.

Services flush; the request edge commits.
"""

import secrets
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import bindparam, delete, update
from sqlalchemy.orm import Session

from participation import statements
from participation.answering import queries
from participation.clock import local_today
from participation.codes import (
    CODE_ALPHABET,
    CODE_LENGTH,
    hash_token,
    keyed_hash,
    new_code,
    new_token,
    normalise_code,
    seal,
    unseal,
)
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


# The code a resident types and its hashes: participation/codes.py (shared with sign-ups).
RESUME_ALPHABET = CODE_ALPHABET
RESUME_CODE_LENGTH = CODE_LENGTH
normalise_resume_code = normalise_code
# How long the pausing browser can show the code page again (a reload, the printer).
CODE_PAGE_MINUTES = 30


class Pause(NamedTuple):
    code: str
    link_secret: str
    ticket: str  # kept in the pausing browser's session to show the code page again


def pause(db: Session, draft: Draft, secret: str) -> Pause:
    """Give the draft a new code and link (older ones stop working) and detach it from the
    browser that paused it: its handle no longer reaches the draft, so the next person on
    a shared tablet starts a new draft instead of answering into this one."""
    while True:
        code = new_code()
        code_hash = keyed_hash(code, secret)
        if db.scalar(queries.draft_by_resume_code_hash(code_hash)) is None:
            break
    paused = Pause(code, secrets.token_urlsafe(24), secrets.token_urlsafe(24))
    draft.resume_code_hash = code_hash
    draft.resume_link_hash = keyed_hash(paused.link_secret, secret)
    draft.paused_ticket_hash = hash_token(paused.ticket)
    draft.paused_sealed = seal(paused.code + paused.link_secret, paused.ticket)
    draft.token_hash = hash_token(new_token())  # a handle no browser holds
    draft.paused_at = draft.updated_at = datetime.now(UTC)
    db.flush()
    return paused


def shown_pause(db: Session, ticket: str | None, questionnaire_id: int,
                now: datetime | None = None) -> Pause | None:
    """The code and link of a draft paused in this browser, for a while after pausing."""
    if not ticket:
        return None
    draft = db.scalar(queries.draft_by_paused_ticket_hash(hash_token(ticket)))
    if draft is None or draft.questionnaire_id != questionnaire_id or draft.paused_at is None:
        return None
    paused_at = draft.paused_at.replace(tzinfo=draft.paused_at.tzinfo or UTC)
    if (now or datetime.now(UTC)) - paused_at > timedelta(minutes=CODE_PAGE_MINUTES):
        return None
    plain = unseal(draft.paused_sealed, ticket)
    return Pause(plain[:RESUME_CODE_LENGTH], plain[RESUME_CODE_LENGTH:], ticket)


def resume(db: Session, *, code: str | None = None, link_secret: str | None = None,
           ticket: str | None = None, secret: str) -> tuple[Draft, str] | None:
    """Find a paused draft by its typed code, its link's secret or the pausing browser's
    ticket, and move it to this browser with a new handle (returned with the draft).

    Single use: the code, the link and the ticket all stop working."""
    if code:
        draft = db.scalar(queries.draft_by_resume_code_hash(keyed_hash(code, secret)))
    elif link_secret:
        draft = db.scalar(queries.draft_by_resume_link_hash(keyed_hash(link_secret, secret)))
    elif ticket:
        draft = db.scalar(queries.draft_by_paused_ticket_hash(hash_token(ticket)))
    else:
        draft = None
    if draft is None:
        return None
    handle = new_token()
    draft.token_hash = hash_token(handle)
    draft.resume_code_hash = draft.resume_link_hash = None
    draft.paused_ticket_hash = draft.paused_sealed = draft.paused_at = None
    draft.updated_at = datetime.now(UTC)
    db.flush()
    return draft, handle


def forget_device(db: Session, handles, tickets) -> None:
    """"Neue Person beginnen": end every link between this browser and any draft.

    A draft the browser still holds was not paused, so no code reaches it: it is deleted.
    Paused drafts keep their codes; only the code page of this browser ends."""
    token_hashes = [hash_token(handle) for handle in handles if isinstance(handle, str)]
    if token_hashes:
        db.execute(delete(Draft).where(Draft.token_hash.in_(token_hashes)))
    ticket_hashes = [hash_token(ticket) for ticket in tickets if isinstance(ticket, str)]
    if ticket_hashes:
        db.execute(update(Draft).where(Draft.paused_ticket_hash.in_(ticket_hashes))
                   .values(paused_ticket_hash=None, paused_sealed=None))


def load_draft(db: Session, token: str | None) -> Draft | None:
    if not token:
        return None
    return db.scalar(queries.draft_by_token_hash(hash_token(token)))


def start_draft(db: Session, token: str, questionnaire_id: int, lang: str,
                channel: str, entered_by_id: int | None = None) -> Draft:
    draft = Draft(token_hash=hash_token(token), questionnaire_id=questionnaire_id,
                  locale=lang, channel=channel, entered_by_id=entered_by_id, answers={},
                  updated_at=datetime.now(UTC))
    db.add(draft)
    db.flush()
    return draft


def save_quartier(db: Session, draft: Draft, quartier_id: int) -> None:
    draft.quartier_id = quartier_id
    draft.updated_at = datetime.now(UTC)
    db.flush()


def save_answer(db: Session, draft: Draft, question_key: str, value, lang: str,
                other: str | None = None) -> None:
    save_answers(db, draft, [(question_key, value, other)], lang)


def with_answers(answers: dict, values: list[tuple[str, object, str | None]]) -> dict:
    """A copy of `answers` with a page's values put in (None removes an answer)."""
    merged = dict(answers)
    for question_key, value, other in values:
        for key, new in ((question_key, value), (other_key(question_key), other)):
            if new is None:
                merged.pop(key, None)
            else:
                merged[key] = new
    return merged


def save_answers(db: Session, draft: Draft, values: list[tuple[str, object, str | None]],
                 lang: str) -> None:
    """Keep a page's answers, (question key, value, text of "other") each, in the draft."""
    draft.answers = with_answers(draft.answers or {}, values)  # a new dict: marked changed
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
    today = today or local_today()
    response_id = insert_ignoring_duplicates(RESPONSES, {
        "questionnaire_id": view.id, "quartier_id": draft.quartier_id,
        "channel": draft.channel, "locale": draft.locale, "submitted_on": today,
        "submission_key": draft.token_hash, "entered_by_id": draft.entered_by_id,
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
