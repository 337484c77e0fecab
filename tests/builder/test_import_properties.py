"""Property tests of the JSON questionnaire import, on SQLite and PostgreSQL.

Whatever file an organiser uploads — any JSON value, a questionnaire written from scratch
with any kinds, settings, options and texts, or the document of every kind and setting
(tests/kinds.py) with parts changed, removed, duplicated, nested or re-encoded — the answer
is the import page with its problems or a new draft, never a 5xx. And every draft the import
accepts opens in the builder and can be answered by residents."""

import copy
import json
import re
from types import SimpleNamespace

from hypothesis import event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from participation import db
from participation.builder import transfer
from participation.builder.transfer_schema import FORMAT_NAME, MARKUP_RE, has_bad_characters
from participation.i18n import PAGE_LANGUAGES
from participation.surveys.coverage import CONTENT_LANGUAGES
from participation.surveys.fields import FIELDS_OF_ACTION
from participation.surveys.models import Questionnaire, Response
from participation.surveys.questions import KINDS
from tests import kinds
from tests.builder.test_builder import (
    AICHTAL,
    _forget_new_questionnaires,  # noqa: F401 (autouse: questionnaires made here are removed)
    login,
)
from tests.builder.test_transfer import upload
from tests.factories import quartiere

BUILDER = "/de/verwaltung/fragebogen"
DOCUMENT = kinds.document()
KEYS = ["gate", *(q["key"] for q in DOCUMENT["questions"][1:4]), "zz", "Gate"]
NAMES = ["format", "version", "slug", "languages", "title", "intro", "questions", "key",
         "kind", "field", "required", "settings", "text", "hint", "options", "min", "max",
         "other", "prefer_not", "show_if", "question", "any_of", "de", "en", "ar", "de-x-ls"]
LANGS = ["de", "en", "ar", "tr", "de-x-ls", "fr", "xx", "zh-hant", "abc", "de-at",
         "abc-defghijk"]
BAD_LANGS = ["DE", "d", "de_DE", "en-", "", "de\n", "de-abcdefgh-ab",
             "abc-abcdefgh-abcdefgh-abcdefgh-abcdefgh"]
ODD_STRINGS = [
    "", " ", "\u200b", "\u2028", "a\u2029b", "\u202e", "\ufeff", "\u00a0", "yes", "no",
    "other", "prefer_not", "1", "0", "01", "10", "gate", "housing", "%(n)d", "%s", "%",
    "{{ 7*7 }}", "{% if %}", "&amp;", "&#60;b&#62;", "a<3", "<b>", "<!--", "x" * 81,
    "x" * 301, "x" * 501, "x" * 5001, "Zeile\neins", "Zeile\r\nzwei", "\t", "😀",
    "ǅ", "İ", "ß", "ﬁ", "\x00", "\x7f", "\x85", "a\rb", "e\u0301", "١٢", "²", "Ⅻ",
    "participation-questionnaire", *LANGS, *BAD_LANGS, *FIELDS_OF_ACTION, *KINDS,
]
PLAIN = [text for text in ODD_STRINGS
         if not (has_bad_characters(text) or MARKUP_RE.search(text) or len(text) > 300)]
ODD_NUMBERS = [0, 1, -1, 2, 3, 11, 12, 100, 10**9, 10**9 + 1, -10**9, -10**9 - 1, 2**31,
               2**63, -2**63, 10**30, 1.0, 1.5, -0.0, 1e308, 5e-324, True, False, None]
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
SCALAR = st.one_of(st.sampled_from(ODD_STRINGS), st.sampled_from(ODD_NUMBERS), TEXT,
                   st.integers(), st.floats(allow_nan=False, allow_infinity=False))
NAME = st.one_of(st.sampled_from(NAMES), TEXT)
JSON = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(NAME, inner, max_size=4)), max_leaves=12)
SMALL_INT = st.one_of(st.integers(-3, 12), st.integers(-3, 12), st.sampled_from(ODD_NUMBERS))


def nested(depth: int):
    value: object = "tief"
    for _level in range(depth):
        value = [value] if depth % 2 else {"de": value}
    return value


NEW_VALUE = st.one_of(JSON, SCALAR, SCALAR, st.integers(1, 40).map(nested))
OPTION_KEY = st.one_of(st.sampled_from(["1", "2", "3", "0", "01", "rot", "gruen", "yes",
                                        "other", "prefer_not", "a" * 80, "9" * 80]), TEXT)
SHOW_IF = st.fixed_dictionaries(
    {"question": st.sampled_from(KEYS), "any_of": st.lists(OPTION_KEY, max_size=3)})
SETTINGS = st.one_of(
    st.fixed_dictionaries({}, optional={
        "min": SMALL_INT, "max": SMALL_INT, "other": st.booleans(),
        "prefer_not": st.booleans(), "show_if": SHOW_IF}),
    st.dictionaries(st.sampled_from(["min", "max", "other", "prefer_not", "show_if", "maxi"]),
                    st.one_of(SMALL_INT, st.booleans(), SHOW_IF), max_size=4))
LANG = st.one_of(st.sampled_from(LANGS), st.sampled_from(LANGS[:5]))
LOCAL_TEXTS = st.dictionaries(LANG, st.one_of(
    st.sampled_from(PLAIN), st.sampled_from(PLAIN), st.sampled_from(ODD_STRINGS), TEXT,
    st.just("Text")), max_size=3).map(
        lambda texts: {"de": "Frage", **texts} if texts.get("de") is None else texts)


OPTIONS = st.lists(st.tuples(OPTION_KEY, LOCAL_TEXTS).map(list), max_size=5)
# What an organiser writing or editing a question by hand might put in each part.
PARTS = {"settings": SETTINGS, "options": OPTIONS, "required": st.booleans(),
         "text": LOCAL_TEXTS, "hint": LOCAL_TEXTS, "kind": st.sampled_from(sorted(KINDS)),
         "field": st.sampled_from([*FIELDS_OF_ACTION, None])}


@st.composite
def questions(draw, key: str):
    """A question as someone might write it by hand: any kind, settings, options."""
    question = {"key": key, "kind": draw(PARTS["kind"]), "text": draw(LOCAL_TEXTS)}
    for part in ("settings", "options", "required", "hint", "field"):
        if draw(st.booleans()):
            question[part] = draw(PARTS[part])
    return question


@st.composite
def languages(draw) -> list[str]:
    """German and others, now and then without German, twice the same or a bad code."""
    chosen = ["de", *draw(st.lists(st.sampled_from(LANGS[1:]), unique=True, max_size=3))]
    trouble = draw(st.sampled_from(["none"] * 12 + ["no German", "twice", "bad"]))
    if trouble == "no German":
        chosen = chosen[1:] or ["en"]
    elif trouble == "twice":
        chosen.append(chosen[-1])
    elif trouble == "bad":
        chosen.append(draw(st.sampled_from(BAD_LANGS)))
    return chosen


@st.composite
def written_documents(draw) -> dict:
    count = draw(st.integers(0, 5))
    return {"format": FORMAT_NAME, "version": 1,
            "slug": draw(st.sampled_from(["neu", "a", "x" * 80, "jede-einstellung"])),
            "languages": draw(languages()),
            "title": draw(LOCAL_TEXTS), "intro": draw(LOCAL_TEXTS),
            # a key may end as the text of "other" of the question before it ("q1__other")
            "questions": [draw(questions(draw(st.sampled_from(
                [f"q{n}", f"q{n}", f"q{n - 1}__other" if n > 1 else "gate__other"]))
                if n else "gate")) for n in range(count)]}


def _containers(value, path=()):
    """(path, container) of every object and list inside a JSON value."""
    yield path, value
    children = value.items() if isinstance(value, dict) else enumerate(value)
    for name, child in children:
        if isinstance(child, dict | list):
            yield from _containers(child, (*path, name))


def _change_structure(draw, document) -> None:
    """Set, remove, add or copy any part of the document."""
    path, target = draw(st.sampled_from(list(_containers(document))))
    how = draw(st.sampled_from(["set", "delete", "add", "copy"]))
    if isinstance(target, dict):
        names = sorted(target)
        if how == "delete" and names:
            del target[draw(st.sampled_from(names))]
        elif how in ("set", "copy") and names:
            target[draw(st.sampled_from(names))] = draw(NEW_VALUE)
        else:
            target[draw(NAME)] = draw(NEW_VALUE)
    elif target:
        index = draw(st.integers(0, len(target) - 1))
        if how == "delete":
            del target[index]
        elif how == "copy":
            target.insert(index, copy.deepcopy(target[index]))
        else:
            target[index] = draw(NEW_VALUE)
    else:
        target.append(draw(NEW_VALUE))


@st.composite
def mutated_documents(draw) -> dict:
    """tests/kinds.py's document with a few of its questions, then some parts changed."""
    chosen = draw(st.lists(st.integers(1, len(DOCUMENT["questions"]) - 1), max_size=5,
                           unique=True))
    document = copy.deepcopy(DOCUMENT)
    document["questions"] = [document["questions"][0]] + [
        document["questions"][n] for n in sorted(chosen)]
    for _change in range(draw(st.integers(1, 3))):
        what = draw(st.sampled_from(["structure", "question", "question", "texts"]))
        listed = document.get("questions")
        editable = [q for q in listed if isinstance(q, dict)] if isinstance(listed, list) else []
        if what == "question" and editable:
            part = draw(st.sampled_from(sorted(PARTS)))
            draw(st.sampled_from(editable))[part] = draw(PARTS[part])
        elif what == "texts":
            document[draw(st.sampled_from(["title", "intro"]))] = draw(LOCAL_TEXTS)
            if draw(st.booleans()):
                document["languages"] = draw(languages())
        else:
            _change_structure(draw, document)
    return document


def encode(draw, document) -> bytes:
    """The document as a file: JSON text, sometimes with a name twice, an odd number
    literal, another encoding or a broken end."""
    text = json.dumps(document, ensure_ascii=draw(st.booleans()),
                      indent=draw(st.sampled_from([None, 2])))
    trick = draw(st.sampled_from(["none"] * 20 + ["duplicate", "number", "bom", "utf-16",
                                                 "latin-1", "cut", "trailing"]))
    if trick == "duplicate":
        name = draw(st.sampled_from(['"de": ', '"slug": ', '"key": ', '"min": ', '"kind": ']))
        text = text.replace(name, f'{name}"doppelt", {name}', 1)
    elif trick == "number":
        literal = draw(st.sampled_from(["1e400", "-1e400", "1.0", "-0", "1E0", "9" * 5000,
                                        "1" + "0" * 30, "0.1e1"]))
        text = re.sub(r'("(?:version|min|max)": )-?\d+', rf"\g<1>{literal}", text, count=1)
    raw = text.encode("utf-8")
    if trick == "bom":
        raw = b"\xef\xbb\xbf" + raw
    elif trick == "utf-16":
        raw = text.encode("utf-16")
    elif trick == "latin-1":
        raw = text.encode("latin-1", errors="replace")
    elif trick == "cut":
        raw = raw[:draw(st.integers(0, max(len(raw) - 1, 0)))]
    elif trick == "trailing":
        raw += draw(st.sampled_from([b"}", b"\x00", b" x", b"\n{}"]))
    return raw


def import_and_open(app, client, raw: bytes, lang: str, other: bool = False) -> None:
    """Upload `raw`: a page with the problems, or a draft that opens in the builder and that
    residents can answer and submit."""
    reply = upload(client, raw)
    assert reply.status_code in (302, 400), (reply.status_code, raw[:300],
                                             reply.get_data(as_text=True)[:1500])
    event(f"import answered {reply.status_code}")
    if reply.status_code == 400:
        page = reply.get_data(as_text=True)
        assert "Der Fragebogen wurde nicht importiert" in page
        problem = re.search(r'<li><a href="#document">(?:[^<:]*: )?([^<]*)', page)
        event(re.sub(r"„[^“]*“|\d+", "…", problem.group(1)) if problem else "no problem")
        return
    questionnaire_id = int(reply.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        session = db.session()
        questionnaire = session.get(Questionnaire, questionnaire_id)
        found = [SimpleNamespace(id=q.id, questionnaire_id=q.questionnaire_id, kind=q.kind,
                                 settings=q.settings or {}, options=[o.key for o in q.options])
                 for q in questionnaire.questions]
        languages = [code for code in questionnaire.languages if code in CONTENT_LANGUAGES]
        questionnaire.status = "open"
        quartier = str(quartiere(session, "aichtal")[0].id)
        db.commit()
    builder = f"{BUILDER}/{questionnaire_id}"
    for path in (reply.headers["Location"], builder, f"{builder}/fragen", f"{builder}/fragen/neu",
                 f"{builder}/uebersetzungen",
                 *(f"{builder}/vorschau/{code}" for code in languages),
                 *(f"{builder}/uebersetzungen/{code}" for code in languages if code != "de"),
                 *(f"{builder}/fragen/{question.id}" for question in found)):
        page = client.get(path, follow_redirects=True)
        assert page.status_code == 200, (path, raw[:300], page.get_data(as_text=True)[:1500])
    if found:
        answer_all(app, app.test_client(), f"/{lang}/umfrage/{questionnaire_id}", found,
                   quartier, other)


def answer_all(app, resident, base: str, found: list, quartier: str, other: bool) -> None:
    """Every question page opens; answered one after the other, each answer changed once
    more from the check page, the questionnaire is sent and every answer is stored."""
    for path in (base, f"{base}/quartier", f"{base}/pruefen"):
        page = resident.get(path)
        assert page.status_code == 200, (path, page.get_data(as_text=True)[:900])
    for position, question in enumerate(found, start=1):
        page = resident.get(f"{base}/frage/{position}")
        hidden = page.status_code == 302 and "show_if" in question.settings
        assert page.status_code == 200 or hidden, (position, page.get_data(as_text=True)[:900])
    answered = {}
    location = resident.post(f"{base}/quartier", data={"answer": quartier}).headers["Location"]
    while "/frage/" in location:
        position = int(location.split("/frage/")[1].split("?")[0])
        empty = resident.post(location, data={})
        assert empty.status_code < 500, (position, empty.get_data(as_text=True)[:900])
        answered[position] = valid_answer(found[position - 1], other)
        reply = resident.post(location, data=answered[position])
        assert reply.status_code == 302, (position, reply.get_data(as_text=True)[:900])
        location = reply.headers["Location"]
    assert location.endswith("/pruefen")
    for position, form in answered.items():  # "Ändern" on the check page, the same answer
        reply = resident.post(f"{base}/frage/{position}?von=pruefen", data=form)
        assert reply.headers["Location"].endswith("/pruefen"), reply.get_data(as_text=True)
    sent = resident.post(location)
    assert sent.status_code == 302, sent.get_data(as_text=True)[:900]
    with app.app_context():
        session = db.session()
        response = session.scalar(select(Response).where(
            Response.questionnaire_id == found[0].questionnaire_id))
        rows = {(answer.question_id, answer.option_key, answer.text_value)
                for answer in response.answers}
        db.rollback()
    assert {question_id for question_id, _key, _text in rows} == {
        found[position - 1].id for position in answered}
    assert {(found[position - 1].id, "other", "Lila") for position, form in answered.items()
            if "other" in form["answer"]} <= rows


def valid_answer(question, other: bool) -> dict:
    """A form a resident could send: the first answers the question allows, "other
    (please specify)" first when `other` and the question has it."""
    settings_, keys = question.settings, list(question.options)
    if other and settings_.get("other"):
        keys = ["other", *keys]
    if question.kind == "yes_no":
        return {"answer": "yes"}
    if question.kind in ("single_choice", "scale"):
        return {"answer": keys[0] if keys else "other", "answer_other": "Lila"}
    if question.kind == "multiple_choice":
        keys += [] if "other" in keys or not settings_.get("other") else ["other"]
        return {"answer": keys[:max(settings_.get("min", 1), 1)], "answer_other": "Lila"}
    if question.kind == "number":
        return {"answer": str(settings_.get("min", min(0, settings_.get("max", 0))))}
    if question.kind == "date":
        return {"answer": "17.03.1948"}
    if question.kind == "age":
        return {"answer": "1948" if settings_.get("ask") == "year" else "78"}
    if question.kind == "month_year":
        year = min(max(2019, settings_.get("min", 2019)), settings_.get("max", 2019))
        return {"answer": str(year), "answer_month": "3"}
    return {"answer": "Eine Antwort"}


PAGE_LANG = st.sampled_from(PAGE_LANGUAGES)


@settings(max_examples=60)
@given(value=st.one_of(JSON, st.dictionaries(st.sampled_from(NAMES), JSON, max_size=8)),
       data=st.data())
def test_any_json_value_is_answered_with_a_page(app, client, value, data):
    login(client, AICHTAL)
    import_and_open(app, client, encode(data.draw, value), "de")


@settings(max_examples=40)
@given(raw=st.binary(max_size=200))
def test_any_bytes_are_answered_with_a_page(app, client, raw):
    login(client, AICHTAL)
    import_and_open(app, client, raw, "de")


@settings(max_examples=70)
@given(document=written_documents(), lang=PAGE_LANG, other=st.booleans(), data=st.data())
def test_any_written_document_is_refused_or_opens_and_can_be_answered(
        app, client, document, lang, other, data):
    login(client, AICHTAL)
    import_and_open(app, client, encode(data.draw, document), lang, other)


@settings(max_examples=80)
@given(document=mutated_documents(), lang=PAGE_LANG, other=st.booleans(), data=st.data())
def test_any_changed_document_is_refused_or_opens_and_can_be_answered(
        app, client, document, lang, other, data):
    login(client, AICHTAL)
    import_and_open(app, client, encode(data.draw, document), lang, other)


# --- what the properties found ------------------------------------------------------------


def _small_document(**changes) -> dict:
    document = {**copy.deepcopy(DOCUMENT), "questions": copy.deepcopy(DOCUMENT["questions"][:4])}
    document.update(changes)
    return document


def test_a_language_code_longer_than_the_columns_is_refused(app, client):
    """It passed the schema and made PostgreSQL refuse the insert: a 500."""
    login(client, AICHTAL)
    document = _small_document(languages=["de", "de-abcdefgh-ab"])
    document["title"]["de-abcdefgh-ab"] = "Titel"
    reply = upload(client, transfer.to_json_bytes(document))
    assert reply.status_code == 400
    assert "„de-abcdefgh-ab“ ist kein gültiger Sprachcode" in reply.get_data(as_text=True)


def test_leichte_sprache_is_imported(app, client):
    """"de-x-ls", a content language of the builder, was refused as no language code."""
    login(client, AICHTAL)
    document = _small_document(languages=["de", "de-x-ls"])
    document["title"]["de-x-ls"] = "Einfacher Titel"
    reply = upload(client, transfer.to_json_bytes(document))
    assert reply.status_code == 302, reply.get_data(as_text=True)[:1500]
    questionnaire_id = int(reply.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        exported = transfer.export_questionnaire(db.session(), questionnaire_id)
        db.rollback()
    assert exported["languages"] == ["de", "de-x-ls"]
    assert exported["title"]["de-x-ls"] == "Einfacher Titel"


def test_a_question_key_ending_like_the_text_of_other_is_refused(app, client):
    """A draft keeps the text of "other" of question `way` under `way__other`: a question
    with that key lost its answer when `way` was changed, and a number there made the
    submit a 500 (float("Lila"))."""
    login(client, AICHTAL)
    document = _small_document(questions=[
        {"key": "way", "kind": "single_choice", "settings": {"other": True},
         "text": {"de": "Wie kommen Sie?"}, "options": [["bus", {"de": "Bus"}]]},
        {"key": "way__other", "kind": "number", "text": {"de": "Wie oft?"}}])
    reply = upload(client, transfer.to_json_bytes(document))
    assert reply.status_code == 400
    assert ("questions[1].key: Der Schlüssel „way__other“ darf nicht auf „__other“ enden"
            in reply.get_data(as_text=True))
