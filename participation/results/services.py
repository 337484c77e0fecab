"""Write use cases of the results pages: the log of free-text views."""

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from participation.results import queries
from participation.results.models import FreeTextView


def record_free_text_view(db: Session, organiser_id: int, questionnaire_id: int,
                          question_id: int, quartier_id: int | None) -> bool:
    """Log that an organiser reads a question's free text (quartier_id None: all Quartiere).

    A questionnaire without responses has no text to read, and it may still be deleted,
    which a log row pointing at it would prevent: nothing is logged then. Returns whether
    a row was written."""
    if not db.scalar(queries.has_responses(questionnaire_id)):
        return False
    db.add(FreeTextView(organiser_id=organiser_id, questionnaire_id=questionnaire_id,
                        question_id=question_id, quartier_id=quartier_id,
                        viewed_at=datetime.now(UTC)))
    db.flush()
    return True
