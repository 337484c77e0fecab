"""Printed ranges for tests: only printed sheet numbers can be shown or keyed in."""

from datetime import UTC, datetime

from participation.paper.models import PrintRun


def printed(session, questionnaire, first: int = 1, last: int = 200, lang: str = "de"):
    """Record copies first..last of a questionnaire as printed, committed."""
    session.add(PrintRun(questionnaire_id=questionnaire.id, first=first, last=last, lang=lang,
                         printed_at=datetime.now(UTC)))
    session.commit()
    return questionnaire
