"""Answering pages of the new structures through the resident's forms: a matrix on one page
or in chunks, a number group and its total, sections, an early end, exclusive options,
answer codes beside typed answers, age and month-and-year, and a score on submit."""

import re

from sqlalchemy import select

from participation.surveys.models import Answer, Question, Response
from tests.builder.option_form import option_fields, shown_options
from tests.factories import make_questionnaire, quartiere
from tests.paper.questionnaire_files import imported

SCALE = [[str(n), {"de": f"Stufe {n}"}] for n in range(1, 5)]
SPEC = {
    "languages": ["de"], "title": {"de": "Älter werden in Kohlberg"},
    "questions": [
        {"key": "s1", "kind": "section", "text": {"de": "Über Sie"},
         "hint": {"de": "Zuerst ein paar Fragen zu Ihnen."}},
        {"key": "born", "kind": "age", "settings": {"ask": "year", "prefer_not": True},
         "text": {"de": "In welchem Jahr sind Sie geboren?"}},
        {"key": "visits", "kind": "number", "settings": {"min": 0, "dont_know": True},
         "text": {"de": "Wie oft sehen Sie Ihre Familie im Monat?"}},
        {"key": "moved", "kind": "month_year", "settings": {"min": 1930},
         "text": {"de": "Seit wann wohnen Sie hier?"}},
        {"key": "stay", "kind": "yes_no", "settings": {"end_if": {
            "question": "born", "lt": 70}},  # younger than 70: the survey ends here
         "text": {"de": "Möchten Sie hier wohnen bleiben?"}},
        {"key": "s2", "kind": "section", "text": {"de": "Ihr Quartier"},
         "settings": {"show_if": {"question": "born", "ge": 70}}},
        {"key": "grid", "kind": "matrix", "settings": {"answer": "scale", "chunk": 3,
                                                      "dont_know": True},
         "text": {"de": "Wie zufrieden sind Sie mit …"}, "options": SCALE},
        *({"key": f"row{n}", "kind": "scale", "settings": {"group": "grid"},
           "text": {"de": f"… Sache {n}"}} for n in range(1, 5)),
        {"key": "missing", "kind": "multiple_choice", "settings": {"exclusive": ["none"]},
         "text": {"de": "Was fehlt Ihnen?"},
         "options": [["shop", {"de": "Ein Laden"}], ["bench", {"de": "Bänke"}],
                     ["none", {"de": "Nichts davon"}]]},
    ],
}


def _open(client, session, spec=SPEC):
    questionnaire = make_questionnaire(session, "kohlberg", spec, status="open")
    ids = {q.key: q.id for q in questionnaire.questions}
    base = f"/de/umfrage/{questionnaire.id}"
    session.commit()
    client.post(f"{base}/quartier", data={"answer": str(quartiere(session, "kohlberg")[0].id)})
    return questionnaire.id, base, ids


def _stored(session, questionnaire_id):
    session.expire_all()
    rows = session.execute(select(Question.key, Answer.option_key, Answer.number_value,
                                  Answer.text_value).join(Answer).join(Response).where(
        Response.questionnaire_id == questionnaire_id)).all()
    return {(key, option, number, text) for key, option, number, text in rows}


def _errors(page: str) -> list[str]:
    summary = page.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    return re.findall(r"<a href=\"#[^\"]+\">([^<]*)</a>", summary)


def test_sections_typed_answers_with_codes_a_chunked_matrix_and_exclusive_options(client,
                                                                                    session):
    questionnaire_id, base, ids = _open(client, session)
    assert client.get(f"{base}/frage/1").headers["Location"].endswith("/frage/2")
    first = client.get(f"{base}/frage/2").get_data(as_text=True)
    assert "Über Sie" in first and "Zuerst ein paar Fragen zu Ihnen." in first
    bad_year = client.post(f"{base}/frage/2", data={"answer": "48"})
    assert bad_year.status_code == 200
    assert "Geburtsjahr mit vier Ziffern" in bad_year.get_data(as_text=True)
    assert client.post(f"{base}/frage/2", data={"answer": "1948"}).status_code == 302
    # a number or its code, never both
    both = client.post(f"{base}/frage/3", data={"answer": "4", "answer_code": "dont_know"})
    assert "entweder eine Antwort ein oder kreuzen Sie" in both.get_data(as_text=True)
    assert client.post(f"{base}/frage/3", data={"answer_code": "dont_know"}).status_code == 302
    no_month = client.post(f"{base}/frage/4", data={"answer": "1999"})
    assert "Bitte wählen Sie den Monat aus." in no_month.get_data(as_text=True)
    too_early = client.post(f"{base}/frage/4", data={"answer": "1920", "answer_month": "5"})
    assert "zwischen 1930 und" in too_early.get_data(as_text=True)
    assert client.post(f"{base}/frage/4", data={"answer": "1999",
                                                "answer_month": "5"}).status_code == 302
    assert client.post(f"{base}/frage/5", data={"answer": "yes"}).headers[
        "Location"].endswith("/frage/8")  # born 1948: 70 or older, the survey goes on

    # the matrix in chunks of three: rows 1-3 on one page, row 4 on the next
    grid = client.get(f"{base}/frage/8").get_data(as_text=True)
    assert "Ihr Quartier" in grid and grid.count("<fieldset") == 3
    assert "Wie zufrieden sind Sie mit …" in grid and "Weiß nicht" in grid
    rows = {f"q{ids['row1']}": "4", f"q{ids['row3']}": "dont_know"}
    missing_row = client.post(f"{base}/frage/8", data=rows)
    page = missing_row.get_data(as_text=True)
    assert _errors(page) == ["5b. … Sache 2: Bitte wählen Sie eine Antwort aus."]
    assert f'name="q{ids["row1"]}" value="4" checked' in page  # the other rows are kept
    reply = client.post(f"{base}/frage/8", data={**rows, f"q{ids['row2']}": "1"})
    assert reply.headers["Location"].endswith("/frage/11")
    assert client.post(f"{base}/frage/11", data={f"q{ids['row4']}": "2"}).status_code == 302

    alone = client.post(f"{base}/frage/12", data={"answer": ["shop", "none"]})
    assert "„Nichts davon“ nur allein" in alone.get_data(as_text=True)
    assert client.post(f"{base}/frage/12", data={"answer": ["none"]}).headers[
        "Location"].endswith("/pruefen")
    check = client.get(f"{base}/pruefen").get_data(as_text=True)
    assert "Weiß nicht" in check and "Mai 1999" in check
    assert client.post(f"{base}/pruefen").headers["Location"].endswith("/danke")
    assert _stored(session, questionnaire_id) == {
        ("born", None, 1948.0, None), ("visits", "dont_know", None, None),
        ("moved", None, None, "1999-05"), ("stay", "yes", None, None),
        ("row1", "4", 4.0, None), ("row2", "1", 1.0, None), ("row3", "dont_know", None, None),
        ("row4", "2", 2.0, None), ("missing", "none", None, None)}
    session.rollback()


def test_an_early_end_skips_the_rest_and_stores_nothing_after_it(client, session):
    questionnaire_id, base, _ids = _open(client, session)
    client.post(f"{base}/frage/2", data={"answer": "1970"})  # 56 or so: younger than 70
    client.post(f"{base}/frage/3", data={"answer": "2"})
    client.post(f"{base}/frage/4", data={"answer": "2001", "answer_month": "12"})
    reply = client.post(f"{base}/frage/5", data={"answer": "no"})
    assert reply.headers["Location"].endswith("/pruefen")
    assert client.get(f"{base}/frage/8").status_code == 302  # never asked
    client.post(f"{base}/pruefen")
    keys = {row[0] for row in _stored(session, questionnaire_id)}
    assert keys == {"born", "visits", "moved", "stay"}
    session.rollback()


def test_a_number_group_checks_its_total_and_stores_each_field(client, session):
    questionnaire = imported(session, "base_haushalt", status="open")
    ids = {q.key: q.id for q in questionnaire.questions}
    base = f"/de/umfrage/{questionnaire.id}"
    client.post(f"{base}/quartier", data={"answer": str(quartiere(session, "kohlberg")[0].id)})
    assert client.post(f"{base}/frage/1", data={"answer": "nein"}).headers[
        "Location"].endswith("/frage/3")
    group = client.get(f"{base}/frage/3").get_data(as_text=True)
    assert "Zusammen mindestens 1." in group
    nobody = client.post(f"{base}/frage/3", data={f"q{ids['base_partner']}": "0"})
    assert _errors(nobody.get_data(as_text=True)) == [
        "Zusammen ergeben Ihre Zahlen 0. Es müssen mindestens 1 sein."]
    too_many = client.post(f"{base}/frage/3", data={f"q{ids['base_partner']}": "2"})
    assert _errors(too_many.get_data(as_text=True)) == [
        "2a. Ehepartner(in) /Lebensgefährte(in): Bitte geben Sie eine Zahl zwischen 0 und 1 ein."]
    reply = client.post(f"{base}/frage/3", data={f"q{ids['base_partner']}": "1",
                                                 f"q{ids['base_tochter']}": "2"})
    assert reply.headers["Location"].endswith("/pruefen")
    client.post(f"{base}/pruefen")
    assert _stored(session, questionnaire.id) == {
        ("base_alleine", "nein", None, None), ("base_partner", None, 1.0, None),
        ("base_tochter", None, 2.0, None)}
    session.rollback()


def test_a_question_words_its_built_in_answers_in_its_own_way_everywhere(client, session):
    """Burscheid asks "keine Angabe", "Sonstiges", "weiß nicht": options keyed like the
    built-in answers give them that wording on the page, on paper and in the builder."""
    from participation.surveys.coverage import translatables
    from tests.builder.test_builder import BASE, KOHLBERG, login

    questionnaire = imported(session, "burscheid_hilgen", status="open")
    ids = {q.key: q.id for q in questionnaire.questions}
    base = f"/de/umfrage/{questionnaire.id}"
    client.post(f"{base}/quartier", data={"answer": str(quartiere(session, "kohlberg")[0].id)})
    wohnform = client.get(f"{base}/frage/2").get_data(as_text=True)
    labels = re.findall(r'<label for="answer-\d+">([^<]*)</label>', wohnform)
    assert labels == ["Mietwohnung", "Eigentumswohnung", "eigenes Haus", "keine Angabe"]
    assert client.post(f"{base}/frage/2", data={"answer": "prefer_not"}).status_code == 302
    pflege_position = next(q.position for q in questionnaire.questions
                           if q.key == "wohnen_pflege") + 1
    pflege = client.get(f"{base}/frage/{pflege_position}").get_data(as_text=True)
    assert re.findall(r'<label for="answer-\d+">([^<]*)</label>', pflege)[-2:] == [
        "Sonstiges", "weiß nicht"]
    # the wordings are texts to translate like any option
    german = [t.german for t in translatables(questionnaire, "en")]
    assert "keine Angabe" in german and "weiß nicht" in german

    login(client, KOHLBERG)
    url = f"{BASE}/{questionnaire.id}/fragen/{ids['wohnform']}"
    editor = client.get(url).get_data(as_text=True)
    assert "keine Angabe" not in str(shown_options(editor))
    reply = client.post(url, data={
        "text": "Wie wohnen Sie zur Zeit?", "field_of_action": "housing", "optional": "1",
        "extras": "prefer_not",
        **option_fields(("miete", "Mietwohnung"), ("eigentum", "Eigentumswohnung"),
                        ("haus", "eigenes Haus"))})
    assert reply.status_code == 302
    session.expire_all()
    kept = session.get(Question, ids["wohnform"])
    assert [o.key for o in kept.options] == ["miete", "eigentum", "haus", "prefer_not"]
    session.rollback()


def test_a_wording_for_a_built_in_answer_the_question_does_not_offer_is_refused():
    from participation.surveys.structure import problems

    assert problems("single_choice", {"prefer_not": True},
                    ["a", "b", "prefer_not"]) == []
    refused = problems("single_choice", {}, ["a", "b", "prefer_not"])
    assert refused and "reserviert" in refused[0][1]
    assert problems("number", {"dont_know": True}, ["dont_know"]) == []
    assert problems("number", {}, ["dont_know"])
