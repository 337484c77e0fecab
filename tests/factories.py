"""Plain callables that arrange data for tests."""

import secrets
import uuid
from datetime import date

from sqlalchemy import select

from participation.clock import local_today
from participation.demo import add_questionnaire
from participation.places.models import Municipality, Quartier
from participation.surveys.content import questionnaire_view
from participation.surveys.models import Answer, Questionnaire, Response
from participation.surveys.questions import kind_of

SMALL_SPEC = {
    "languages": ["de", "en"],
    "title": {"de": "Testbefragung", "en": "Test survey"},
    "intro": {"de": "Einleitung", "en": "Introduction"},
    "questions": [
        {"key": "choice", "kind": "single_choice", "field": "housing",
         "text": {"de": "Welche Farbe?", "en": "Which colour?"},
         "options": [("a", {"de": "Rot", "en": "Red"}), ("b", {"de": "Grün", "en": "Green"}),
                     ("c", {"de": "Blau"})]},
        {"key": "rating", "kind": "scale", "field": "health",
         "text": {"de": "Wie zufrieden?", "en": "How satisfied?"},
         "options": [(str(n), {"de": str(n)}) for n in range(1, 6)]},
        {"key": "free", "kind": "text", "required": False,
         "text": {"de": "Was noch?", "en": "Anything else?"}},
    ],
}


def municipality(session, slug: str) -> Municipality:
    return session.scalar(select(Municipality).where(Municipality.slug == slug))


def quartiere(session, slug: str) -> list[Quartier]:
    return list(municipality(session, slug).quartiere)


def make_questionnaire(session, municipality_slug: str = "kohlberg", spec: dict = SMALL_SPEC,
                       status: str = "closed") -> Questionnaire:
    content = {**spec, "slug": f"test-{uuid.uuid4().hex[:10]}"}
    return add_questionnaire(session, municipality(session, municipality_slug).id, content,
                             status=status)


def demo_questionnaire(session, municipality_slug: str = "aichtal") -> Questionnaire:
    return session.scalar(select(Questionnaire).where(
        Questionnaire.municipality_id == municipality(session, municipality_slug).id,
        Questionnaire.slug == "gut-aelter-werden"))


def add_response(session, questionnaire: Questionnaire, quartier: Quartier, answers: dict,
                 channel: str = "online", day: date | None = None,
                 entered_by_id: int | None = None) -> Response:
    view = questionnaire_view(questionnaire, "de")
    response = Response(questionnaire_id=questionnaire.id, quartier_id=quartier.id,
                        channel=channel, locale="de", entered_by_id=entered_by_id,
                        submitted_on=day or local_today(),  # as a submission stores it
                        submission_key=secrets.token_hex(32))
    for question in view.questions:
        if answers.get(question.key) is None:
            continue
        for row in kind_of(question).rows(question, answers[question.key],
                                          answers.get(f"{question.key}__other")):
            response.answers.append(Answer(question_id=question.id, option_key=row.option_key,
                                           number_value=row.number_value,
                                           text_value=row.text_value))
    session.add(response)
    session.flush()
    return response


def complete_answers() -> dict:
    """Valid form values for every question of the demo questionnaire, by position."""
    return {
        1: "4", 2: "yes", 3: "2", 4: ["grocery", "pharmacy"], 5: "weekly", 6: "no", 7: "3",
        8: "roughly", 9: "home", 10: ["shopping"], 11: "Mehr Sitzbänke am Marktplatz",
    }


def parsed_answers(view) -> dict:
    """complete_answers() parsed as the question pages parse them: draft values by key.

    Needs a request context (the parsers' messages are translated)."""
    from werkzeug.datastructures import MultiDict

    values = {}
    for position, raw in complete_answers().items():
        question = view.question_at(position)
        form = MultiDict([("answer", v) for v in (raw if isinstance(raw, list) else [raw])])
        parsed = kind_of(question).parse(question, form)
        if parsed.error is not None:
            raise ValueError(f"demo answer for question {position}: {parsed.error}")
        values[question.key] = parsed.value
    return values


def interface_text(app, lang: str, msgid: str, **values) -> str:
    """An interface string as the catalogs render it in `lang` (for asserting on pages)."""
    from flask_babel import gettext

    from participation.i18n import in_locale

    with app.app_context(), in_locale(lang):
        return gettext(msgid, **values)
