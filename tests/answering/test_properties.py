"""Nothing a resident types is lost: property tests of the resident pages, on both databases.

Whatever a browser sends to the answering journey of a questionnaire with every kind of
question and every setting (tests/kinds.py) — any text with NUL and control characters, any
number of repeated values, huge numbers, odd dates, unknown actions, bytes that are no
UTF-8, any path — the answer is a page or a redirect, never a 5xx. And after any such
garbage a valid answer is still saved and the final submit stores every answer."""

import re
from types import SimpleNamespace
from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from participation import db
from participation.builder import transfer
from participation.i18n import PAGE_LANGUAGES
from participation.surveys.content import questionnaire_view
from participation.surveys.models import Answer, Draft, Question, Questionnaire, Response
from participation.surveys.questions import kind_of, other_key
from tests import kinds
from tests.builder.test_builder import remove_questionnaires_after
from tests.factories import interface_text, municipality, quartiere

QUESTIONS = kinds.questions()
COUNT = len(QUESTIONS)
GATE_POSITION = 1  # kinds.GATE: the conditional questions are shown when it is "yes"

# Values a resident, a broken browser or a curious person might send.
SPECIAL = [
    "", " ", "\x00", "\x00yes", "yes\x00", "\r\n", "\t", "\u200b", "\ufeff", "\u202e",
    "yes", "no", "dont_know", "other", "prefer_not", "rot", "gruen", "blau", "Rot",
    "0", "1", "2", "4", "5", "-1", "+3", " 7 ", "1_000", "1e5", "1e309", "-0", "0x10",
    "NaN", "inf", "²", "١٢٣", "٣", "9" * 30, "9" * 4400, "-" + "9" * 4400, str(2**63),
    "1000000001", "-1000000001", "17.03.1948", "31.02.2000", "29.02.1900", "29.02.2000",
    "1.1.1", "01.01.0001", "0001-01-01", "9999-12-31", "1948-03-17", "17/03/1948",
    "17.03.48", "17. 03. 1948", "١٧.٠٣.١٩٤٨", "32.13.2000", "%d.%m.%Y",
    "a" * 201, "a" * 2001, "<script>alert(1)</script>", "{{ 7*7 }}", "' OR 1=1 --",
    "Grün | hell", "ß" * 3, "ǅ", "𝟙𝟚", "😀" * 50, "\x7f\x85\x9f",
]
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
VALUE = st.one_of(
    st.sampled_from(SPECIAL), TEXT, st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates().map(lambda day: day.strftime("%d.%m.%Y")), st.dates().map(str))
ANSWER = st.one_of(VALUE, st.lists(VALUE, min_size=2, max_size=6))
ACTION = st.one_of(st.sampled_from(["later", "next", "weiter", "", "LATER", "later\x00"]), TEXT)


@st.composite
def forms(draw, pausing: bool = True) -> MultiDict | bytes:
    """A question page's form as a browser (or anything else) posts it; `pausing`: with
    the button "Später weitermachen" (action=later) among the buttons pressed."""
    if draw(st.integers(0, 9)) == 0:  # a body that is no valid UTF-8 or no form at all
        return b"answer=" + quote_from_bytes(draw(st.binary(max_size=30))).encode() + (
            b"&answer_other=%FF%FE&action=" + (b"later" if pausing else b"%FF")
            if draw(st.booleans()) else b"")
    pairs = []
    answer = draw(st.one_of(st.none(), ANSWER))
    if answer is not None:
        pairs += [("answer", v) for v in (answer if isinstance(answer, list) else [answer])]
    for name, values in (("answer_other", VALUE), ("action", ACTION), (draw(TEXT), VALUE)):
        if draw(st.booleans()):
            pairs.append((name, draw(values)))
    if not pausing:
        pairs = [(name, value) for name, value in pairs if (name, value) != ("action", "later")]
    return MultiDict(pairs)


POSITION = st.one_of(st.integers(1, COUNT), st.integers(COUNT + 1, 2**31 - 1))
QUERY = st.sampled_from([{}, {"von": "pruefen"}, {"von": "\x00"}, {"von": "pruefen", "x": "1"}])
LANG = st.one_of(st.sampled_from(PAGE_LANGUAGES), st.just("de"))


def post(client, path: str, form, **query):
    if isinstance(form, bytes):
        return client.post(path, data=form, query_string=query,
                           content_type="application/x-www-form-urlencoded")
    return client.post(path, data=form, query_string=query)


def assert_page(reply, what) -> None:
    assert reply.status_code < 500, (what, reply.status_code, reply.get_data(as_text=True)[:600])


class Survey(SimpleNamespace):
    def __repr__(self) -> str:  # short in Hypothesis' report of a failing example
        return f"Survey(id={self.id})"


@pytest.fixture
def survey(app):
    """The questionnaire of every kind and setting, open in Aichtal; removed afterwards.

    `expected` holds, per position, the form of a valid answer, the draft value it is saved
    as and the answer rows it is stored as."""
    with app.app_context():
        session = db.session()
        baseline = session.scalar(select(func.max(Questionnaire.id))) or 0
        imported = transfer.import_questionnaire(
            session, municipality(session, "aichtal").id, kinds.document())
        imported.status = "open"
        db.commit()
        quartier_ids = [str(q.id) for q in quartiere(session, "aichtal")]
        view = questionnaire_view(imported, "de")
        expected = {}
        with app.test_request_context("/de/"):
            for question, spec in zip(view.questions, QUESTIONS, strict=True):
                form, rows = kinds.answer(spec)
                parsed = kind_of(question).parse(question, MultiDict(form))
                assert parsed.error is None, (spec["key"], parsed.error)
                expected[question.position] = SimpleNamespace(
                    key=spec["key"], form=form, value=parsed.value, other=parsed.other,
                    rows=rows)
        found = Survey(id=imported.id, quartiere=quartier_ids, expected=expected,
                       base=f"/de/umfrage/{imported.id}")
        db.rollback()
    yield found
    with app.app_context():
        remove_questionnaires_after(db.session(), baseline)
        db.commit()


def newest_answers(app, questionnaire_id: int) -> dict:
    """The answers of the draft begun last (the tests begin one at a time)."""
    with app.app_context():
        answers = db.session().scalar(select(Draft.answers).where(
            Draft.questionnaire_id == questionnaire_id).order_by(Draft.id.desc()).limit(1))
        db.rollback()
        return answers


TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@settings(max_examples=70)
@given(quartier=st.one_of(st.none(), VALUE, st.sampled_from(["1", "0", "-1", "2147483648"])),
       steps=st.lists(st.tuples(POSITION, forms(), QUERY, LANG), min_size=1, max_size=3),
       strict=st.booleans(), token=st.sampled_from(["page", "none", "garbage"]))
def test_any_form_on_any_question_page_is_answered_with_a_page(
        app, live_app, survey, quartier, steps, strict, token):
    """`strict`: with the CSRF check on, as residents meet it, and the page's own token,
    none, or a made-up one."""
    client = (live_app if strict else app).test_client()
    if quartier is not None:
        assert_page(client.post(f"{survey.base}/quartier", data={"answer": quartier}), quartier)
    for position, form, query, lang in steps:
        path = f"/{lang}/umfrage/{survey.id}/frage/{position}"
        page = client.get(path, query_string=query)
        assert_page(page, path)
        if isinstance(form, MultiDict) and token != "none":
            found = TOKEN.search(page.get_data(as_text=True))
            form.add("csrf_token", found.group(1) if found and token == "page" else "x.y.z")
        assert_page(post(client, path, form, **query), (path, form))
    # nothing lost: the gate opened again, a valid answer to the last page is saved
    position = steps[-1][0] if steps[-1][0] <= COUNT else COUNT
    for step in (GATE_POSITION, position):
        path = f"{survey.base}/frage/{step}"
        found = TOKEN.search(client.get(path).get_data(as_text=True))
        form = {**survey.expected[step].form, "csrf_token": found.group(1) if found else ""}
        reply = client.post(path, data=form)
        assert reply.status_code == 302, reply.get_data(as_text=True)[:600]
    answers = newest_answers(app, survey.id)
    expected = survey.expected[position]
    assert answers[expected.key] == expected.value
    assert answers.get(other_key(expected.key)) == expected.other


def prefilled_client(app, survey, quartier: str):
    """A resident's browser whose draft holds a valid answer to every question."""
    client = app.test_client()
    reply = client.post(f"{survey.base}/quartier", data={"answer": quartier})
    assert reply.status_code == 302
    answers = {}
    for expected in survey.expected.values():
        answers[expected.key] = expected.value
        if expected.other is not None:
            answers[other_key(expected.key)] = expected.other
    with app.app_context():
        session = db.session()
        draft = session.scalar(select(Draft).where(Draft.questionnaire_id == survey.id)
                               .order_by(Draft.id.desc()).limit(1))
        draft.answers = answers
        db.commit()
    return client


def stored_rows(app, questionnaire_id: int) -> list[dict]:
    with app.app_context():
        session = db.session()
        found = []
        for response in session.scalars(select(Response).where(
                Response.questionnaire_id == questionnaire_id).order_by(Response.id)):
            rows: dict[str, set] = {}
            for answer, key in session.execute(
                    select(Answer, Question.key).join(Question, Question.id == Answer.question_id)
                    .where(Answer.response_id == response.id)):
                rows.setdefault(key, set()).add(
                    (answer.option_key, answer.number_value, answer.text_value))
            found.append(rows)
        db.rollback()
        return found


@settings(max_examples=25)
@given(garbage=st.lists(st.tuples(st.integers(1, COUNT), forms(pausing=False)), min_size=1,
                        max_size=4),
       quartier_garbage=st.lists(VALUE, max_size=2), check_form=forms())
def test_after_any_garbage_valid_answers_are_saved_and_submitted(
        app, survey, garbage, quartier_garbage, check_form):
    """(Pausing hands the draft over to a resume code and this browser forgets it: that
    answers are kept then is tests/answering/test_resume.py's business.)"""
    client = prefilled_client(app, survey, survey.quartiere[0])
    for value in quartier_garbage:
        assert_page(client.post(f"{survey.base}/quartier", data={"answer": value}), value)
    for position, form in garbage:
        assert_page(post(client, f"{survey.base}/frage/{position}", form), (position, form))
    for position in sorted({GATE_POSITION, *(p for p, _form in garbage)}):
        reply = client.post(f"{survey.base}/frage/{position}",
                            data=survey.expected[position].form)
        assert reply.status_code == 302, reply.get_data(as_text=True)[:600]
    before = len(stored_rows(app, survey.id))
    submitted = post(client, f"{survey.base}/pruefen", check_form)
    assert submitted.status_code == 302, submitted.get_data(as_text=True)[:1500]
    assert submitted.headers["Location"].endswith("/danke")
    assert_page(post(client, f"{survey.base}/pruefen", check_form), "again")  # a double tap
    responses = stored_rows(app, survey.id)
    assert len(responses) == before + 1
    assert responses[-1] == {e.key: e.rows for e in survey.expected.values()}


@settings(max_examples=40)
@given(state=st.sampled_from(["none", "quartier", "complete"]), form=forms(), lang=LANG)
def test_any_form_on_the_check_page_is_answered_with_a_page(app, survey, state, form, lang):
    if state == "complete":
        client = prefilled_client(app, survey, survey.quartiere[-1])
    else:
        client = app.test_client()
        if state == "quartier":
            client.post(f"{survey.base}/quartier", data={"answer": survey.quartiere[0]})
    path = f"/{lang}/umfrage/{survey.id}/pruefen"
    assert_page(client.get(path), path)
    reply = post(client, path, form)
    assert_page(reply, (path, form))
    if state == "complete":
        assert reply.status_code == 302 and reply.headers["Location"].endswith("/danke")
    else:
        assert reply.status_code == 200  # the list of what is missing
    assert_page(client.get(f"/{lang}/umfrage/{survey.id}/danke"), "danke")


CODE = st.one_of(VALUE, st.text("ABCDEFGHJKLMNPQRSTUVWXYZ23456789abcxyz01IO -\t\x00",
                                max_size=12))


@settings(max_examples=60)
@given(codes=st.lists(st.one_of(CODE, st.lists(CODE, min_size=2, max_size=3)), min_size=1,
                      max_size=3),
       lang=LANG, paused=st.booleans())
def test_any_resume_code_is_answered_with_a_page(app, survey, codes, lang, paused):
    client = app.test_client()
    if paused:  # this browser has a draft with a code of its own
        client.post(f"{survey.base}/frage/1", data={"answer": "yes", "action": "later"})
    for code in codes:
        values = code if isinstance(code, list) else [code]
        form = MultiDict([("code", value) for value in values])
        assert_page(client.post(f"/{lang}/weitermachen", data=form), form)
        assert_page(client.get(f"/{lang}/weitermachen", query_string=form), form)


SEGMENT = st.one_of(
    st.sampled_from(["", "quartier", "frage", "pruefen", "danke", "spaeter", "0", "-1",
                     "1", "01", "2147483647", "2147483648", "9" * 40, "..", "+1", "1.0",
                     "١", "aichtal", "%C3%BC", "%FF", "x" * 100]),
    st.sampled_from(["%00", "a%00b", "%0D%0A", "%7F", "%C2%85", "%E2%80%AE", "%EF%BF%BF"]),
    TEXT.map(lambda text: quote(text, safe="")))
# never empty: the test client reads "//x" as the address of another host
PATH_LANG = st.one_of(st.sampled_from(PAGE_LANGUAGES), st.sampled_from(PAGE_LANGUAGES),
                      st.sampled_from(["xx", "DE", "de-x-LS", "%00"]),
                      TEXT.map(lambda text: quote(text, safe="") or "-"))
ID = st.one_of(st.just("{survey}"), st.just("{quartier}"), SEGMENT)
PAGE = st.sampled_from(["", "quartier", "frage", "pruefen", "danke", "spaeter"])


def joined(*parts) -> str:
    return "/".join(parts)


# Addresses of resident pages as templates: {survey} and {quartier} are the open ones.
ADDRESS = st.one_of(
    st.builds(joined, PATH_LANG.map(lambda lang: f"/{lang}/umfrage"), ID, PAGE, ID, SEGMENT),
    st.builds(joined, PATH_LANG.map(lambda lang: f"/{lang}/umfrage"), ID, PAGE),
    st.builds(joined, PATH_LANG.map(lambda lang: f"/{lang}/gemeinde"), SEGMENT),
    st.builds(joined, st.sampled_from(PAGE_LANGUAGES).map(lambda lang: f"/{lang}/gemeinde"),
              st.sampled_from(["aichtal", "%00", "aich%00tal", "%C3%BC", "x" * 81])),
    st.builds(joined, st.sampled_from(["/q", "/de/q", "/ar/q", "/xx/q"]), ID, ID),
    st.builds(joined, PATH_LANG, st.sampled_from(
        ["weitermachen", "neue-person", "sprache", "barrierefreiheit", "datenschutz", ""]),
        SEGMENT),
)


@settings(max_examples=150)
@given(address=ADDRESS, query=st.dictionaries(
           st.sampled_from(["von", "seite", "code", "x"]) | TEXT, VALUE, max_size=2),
       method=st.sampled_from(["GET", "GET", "HEAD", "POST"]), form=forms())
def test_any_address_of_a_resident_page_is_answered_with_a_page(
        app, survey, address, query, method, form):
    client = app.test_client()
    path = address.format(survey=survey.id, quartier=survey.quartiere[0])
    if method == "POST":
        reply = post(client, path, form, **query)
    else:
        reply = client.open(path, method=method, query_string=query)
    assert_page(reply, (method, path, query))


# --- what the properties found ------------------------------------------------------------


def test_a_nul_byte_in_the_address_of_a_municipality_is_not_found(app, client):
    """PostgreSQL refuses a NUL byte in any text it is asked to compare: it was a 500."""
    for lang, path in (("de", "/de/gemeinde/%00"), ("ar", "/ar/gemeinde/aich%00tal")):
        reply = client.get(path)
        assert reply.status_code == 404, path
        assert interface_text(app, lang, "Seite nicht gefunden") in reply.get_data(as_text=True)
    assert client.get("/de/gemeinde/aichtal").status_code == 200
