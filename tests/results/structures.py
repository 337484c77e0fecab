"""Questionnaires with sections, matrices, number groups and scores (the fixture documents,
imported as organisers import them), and responses stored as a submission stores them."""

import secrets
from datetime import date
from pathlib import Path

import participation
from participation.builder import transfer
from participation.clock import local_today
from participation.surveys.content import questionnaire_view
from participation.surveys.models import Questionnaire, Response
from participation.surveys.services import store_answers
from tests.factories import municipality

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "questionnaires"
TEMPLATE = Path(participation.__file__).resolve().parent / "questionnaire_template.json"


def import_document(session, name: str, municipality_slug: str) -> Questionnaire:
    """A fixture document ("who5", …, or "template") checked and imported like an upload."""
    path = TEMPLATE if name == "template" else FIXTURES / f"{name}.json"
    checked, problems = transfer.validate_document(path.read_bytes())
    assert problems == [], problems
    questionnaire = transfer.import_questionnaire(
        session, municipality(session, municipality_slug).id, checked)
    session.flush()
    return questionnaire


def submit(session, questionnaire: Questionnaire, quartier, answers: dict,
           day: date | None = None, channel: str = "online",
           entered_by_id: int | None = None) -> int:
    """One response from draft-shaped answers, stored by `store_answers` as the final
    submit stores it: only what was shown, and the scores computed from it."""
    response = Response(questionnaire_id=questionnaire.id, quartier_id=quartier.id,
                        channel=channel, locale="de", submitted_on=day or local_today(),
                        submission_key=secrets.token_hex(32), entered_by_id=entered_by_id)
    session.add(response)
    session.flush()
    store_answers(questionnaire_view(questionnaire, "de"), response.id, answers)
    return response.id


def who5(*steps: int | None) -> dict:
    """The five WHO-5 statements answered with these steps (None: left out)."""
    return {f"who5_{n}": None if step is None else str(step)
            for n, step in enumerate(steps, start=1)}
