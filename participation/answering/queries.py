"""Read queries of the residents' journey: the questionnaire's state with the draft, drafts."""

from sqlalchemy import Select, and_, bindparam, select

from participation.surveys.models import Draft, Questionnaire, Response

# Built once: the read of every resident page. One round trip gives the questionnaire's state
# and, if the token matches, the resident's draft as a row (no draft when token_hash is None).
QUESTIONNAIRE_AND_DRAFT_STATE = (
    select(Questionnaire.status, Questionnaire.version, Questionnaire.opens_on,
           Questionnaire.closes_on, Draft.id.label("draft_id"), Draft.token_hash,
           Draft.quartier_id, Draft.answers, Draft.channel, Draft.locale,
           Draft.entered_by_id)
    .select_from(Questionnaire)
    .outerjoin(Draft, and_(Draft.questionnaire_id == Questionnaire.id,
                           Draft.token_hash == bindparam("token_hash")))
    .where(Questionnaire.id == bindparam("questionnaire_id"))
)


def draft_by_token_hash(token_hash: str) -> Select:
    return select(Draft).where(Draft.token_hash == token_hash)


def draft_by_resume_code_hash(code_hash: str) -> Select:
    return select(Draft).where(Draft.resume_code_hash == code_hash)


def draft_by_resume_link_hash(link_hash: str) -> Select:
    return select(Draft).where(Draft.resume_link_hash == link_hash)


def draft_by_paused_ticket_hash(ticket_hash: str) -> Select:
    return select(Draft).where(Draft.paused_ticket_hash == ticket_hash)


# Built once (statements.read_row): whether a draft token's response is stored.
RESPONSE_ID_BY_SUBMISSION_KEY = select(Response.id).where(
    Response.submission_key == bindparam("submission_key"))
