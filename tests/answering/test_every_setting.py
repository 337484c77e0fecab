"""Anything the import accepts can be answered and stored: every kind with every combination
of its settings, answered through the resident pages and submitted, on both databases."""

from sqlalchemy import select

from participation import db
from participation.builder import transfer
from participation.surveys.models import Answer, Question, Response
from tests import kinds
from tests.factories import municipality, quartiere


def test_every_kind_with_every_setting_is_answered_and_stored(app, client, session):
    document = kinds.document()
    assert transfer.validate_document(transfer.to_json_bytes(document)) == (document, [])
    with app.app_context():
        imported = transfer.import_questionnaire(
            db.session(), municipality(db.session(), "aichtal").id, document)
        imported.status = "open"
        questionnaire_id = imported.id
        db.commit()
    by_key = {q["key"]: q for q in document["questions"]}
    base = f"/de/umfrage/{questionnaire_id}"
    location = client.post(f"{base}/quartier", data={
        "answer": str(quartiere(session, "aichtal")[0].id)}).headers["Location"]
    expected, asked = {}, []
    while "/frage/" in location:
        page = client.get(location).get_data(as_text=True)
        key = next(k for k, q in by_key.items() if f">{q['text']['de']}<" in page)
        form, rows = kinds.answer(by_key[key])
        reply = client.post(location, data=form)
        assert reply.status_code == 302, (key, reply.get_data(as_text=True)[:800])
        expected[key], location = rows, reply.headers["Location"]
        asked.append(key)
    assert asked == [q["key"] for q in document["questions"]]  # every one, conditions met
    submitted = client.post(location)
    assert submitted.headers["Location"].endswith("/danke")
    session.rollback()
    response = session.scalar(select(Response).where(Response.questionnaire_id == questionnaire_id))
    stored: dict[str, set] = {}
    for answer, key in session.execute(
            select(Answer, Question.key).join(Question, Question.id == Answer.question_id)
            .where(Answer.response_id == response.id)):
        stored.setdefault(key, set()).add(
            (answer.option_key, answer.number_value, answer.text_value))
    assert stored == expected
