"""The questionnaire fixtures (tests/fixtures/questionnaires) imported as the import does."""

from pathlib import Path

from participation.builder import transfer
from participation.surveys.models import Questionnaire
from tests.factories import municipality
from tests.paper.printing import printed

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "questionnaires"
NAMES = ("who5", "wohnumfeld_checkliste", "base_haushalt", "burscheid_hilgen")


def imported(session, name: str, municipality_slug: str = "kohlberg",
             status: str = "closed") -> Questionnaire:
    """A fixture imported into a municipality and committed. Closed by default: it takes
    paper sheets, but no list of open questionnaires of other tests sees it."""
    document, problems = transfer.validate_document((FIXTURES / f"{name}.json").read_bytes())
    assert problems == [], problems
    questionnaire = transfer.import_questionnaire(
        session, municipality(session, municipality_slug).id, document)
    questionnaire.status = status
    session.commit()
    return printed(session, questionnaire)
