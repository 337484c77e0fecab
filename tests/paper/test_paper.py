"""Paper questionnaires: numbered printable copies and the staff's one-page data entry.

Runs on SQLite and PostgreSQL (the parametrized `app` fixture); the parallel-entry test goes
over TCP to the threaded live server with CSRF on.
"""

import re
import time

import pytest
from sqlalchemy import func, select

from participation import db
from participation.accounts.models import Organiser
from participation.digests.models import DigestRun
from participation.surveys.content import questionnaire_view
from participation.surveys.models import Answer, Questionnaire, Response
from tests.accounts.test_login import login
from tests.answering.test_concurrency import CSRF_INPUT, Resident, _backend, _release_together
from tests.factories import demo_questionnaire, interface_text, make_questionnaire, quartiere
from tests.paper.printing import printed
from tests.surveys.test_conditions import SPEC as CONDITIONAL_SPEC

AICHTAL = ("organisation@aichtal.demo.example", "demo-aichtal")
KOHLBERG = ("organisation@kohlberg.demo.example", "demo-kohlberg")
PARALLEL_ENTRIES = 20


def _paper(questionnaire) -> str:
    return f"/de/verwaltung/papier/{questionnaire.id}"


def _count(session, model, *where) -> int:
    session.rollback()  # a fresh snapshot: the app committed in its own session
    return session.scalar(select(func.count()).select_from(model).where(*where))


def demo_sheet(session, questionnaire, quartier, sheet: int = 17) -> dict:
    """A completely filled demo sheet as the entry form posts it (question ids as names)."""
    view = questionnaire_view(questionnaire, "de")
    values = {1: "4", 2: "yes", 3: "2", 4: ["grocery", "pharmacy"], 5: "weekly", 6: "no",
              7: "3", 8: "roughly", 9: "home", 10: ["shopping"],
              11: "Mehr Sitzbänke am Marktplatz"}
    form = {"sheet": str(sheet), "quartier": str(quartier.id), "sprache": "de"}
    for position, value in values.items():
        form[f"q{view.question_at(position).id}"] = value
    return form


@pytest.fixture
def aichtal(client, session):
    assert login(client, *AICHTAL).status_code == 302
    questionnaire = printed(session, demo_questionnaire(session, "aichtal"))
    session.rollback()
    return questionnaire


# --- printable copies ---


@pytest.mark.parametrize(("lang", "title", "question"), [
    ("de", "Gut älter werden im Quartier", "Wie zufrieden sind Sie mit Ihrer Wohnsituation?"),
    ("en", "Growing older well in your neighbourhood",
     "How satisfied are you with your housing situation?"),
])
def test_printable_copies_carry_their_sheet_numbers_and_every_question(app, client, session,
                                                                       aichtal, lang, title,
                                                                       question):
    reply = client.get(f"/{lang}/verwaltung/papier/{aichtal.id}/druck?von=5&bis=7")
    assert reply.status_code == 200
    page = reply.get_data(as_text=True)
    assert page.count('class="paper-copy"') == 3
    def sheet(number):
        return interface_text(app, lang, "Bogen Nr. %(n)d", n=number) + "<"

    for number in (5, 6, 7):
        assert page.count(sheet(number)) == 2  # at the top and at the end of a copy
    assert sheet(4) not in page and sheet(8) not in page
    assert page.count(f'<h2 class="paper-title">{title}</h2>') == 3
    assert page.count(question) == 3
    view = questionnaire_view(aichtal, lang)
    for item in view.questions:
        assert str(item.text).replace("'", "&#39;") in page
    for name in ("Aich", "Grötzingen", "Neuenhaus"):
        assert f"</span> {name}</li>" in page  # a box to tick per Quartier
    assert page.count('class="tick-box"') > 3 * 30
    assert 'class="write-line"' in page and 'class="write-box write-box-number"' in page
    assert 'lang="de"' not in page.split('class="paper-copy"', 1)[1]  # nothing fell back


def test_printable_copies_in_arabic_mark_the_german_fallback(app, client, aichtal):
    page = client.get(f"/ar/verwaltung/papier/{aichtal.id}/druck?von=1&bis=1").get_data(
        as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert '<h2 class="paper-title" lang="de" dir="ltr">Gut älter werden im Quartier</h2>' in page
    assert ('<span lang="de" dir="ltr">Wie zufrieden sind Sie mit Ihrer Wohnsituation?</span>'
            in page)
    assert '<span lang="de" dir="ltr">Lebensmittelgeschäft</span>' in page
    assert interface_text(app, "ar", "Bogen Nr. %(n)d", n=1) + "<" in page


def test_printing_is_limited_and_bad_ranges_are_explained(client, aichtal):
    base = f"{_paper(aichtal)}/druck"
    too_many = client.get(f"{base}?von=1&bis=201")
    assert too_many.status_code == 400
    page = too_many.get_data(as_text=True)
    assert "Bitte drucken Sie höchstens 200 Bögen auf einmal" in page
    assert 'class="paper-copy"' not in page
    assert 'value="201"' in page and page.startswith("<!doctype html>")
    assert "<title>Fehler:" in page
    assert client.get(f"{base}?von=1&bis=200").get_data(as_text=True).count(
        'class="paper-copy"') == 200
    backwards = client.get(f"{base}?von=9&bis=3").get_data(as_text=True)
    assert "mindestens so groß sein wie die erste" in backwards
    letters = client.get(f"{base}?von=eins&bis=3")
    assert letters.status_code == 400 and 'value="eins"' in letters.get_data(as_text=True)
    form = client.get(base).get_data(as_text=True)  # no range: the form, no copy
    assert 'class="paper-copy"' not in form and 'id="von" name="von"' in form


def test_conditional_questions_are_printed_with_their_condition(client, session):
    questionnaire = printed(session, make_questionnaire(session, "kohlberg", CONDITIONAL_SPEC,
                                                        status="open"))
    login(client, *KOHLBERG)
    page = client.get(f"{_paper(questionnaire)}/druck?von=1&bis=1").get_data(as_text=True)
    assert "Nur beantworten, wenn Sie bei Frage 1 „Ja“ angekreuzt haben." in page
    assert "Sonstiges (bitte angeben)" in page and "Möchte ich nicht sagen" in page
    assert 'class="write-box write-box-date"' in page


# --- data entry ---


def test_entering_a_sheet_stores_a_paper_response_with_its_number(client, session, aichtal):
    groetzingen = quartiere(session, "aichtal")[1]
    session.rollback()
    form = demo_sheet(session, aichtal, groetzingen, sheet=17)
    reply = client.post(f"{_paper(aichtal)}/erfassen", data=form)
    assert reply.status_code == 302
    assert reply.headers["Location"].endswith(f"{_paper(aichtal)}/erfassen?sprache=de")
    next_form = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert "Bogen 17 gespeichert" in next_form
    assert re.search(r'id="sheet" name="sheet"[^>]* autofocus', next_form)
    assert 'value="17"' not in next_form  # an empty form for the next sheet
    assert "Bogen 17 gespeichert" not in client.get(reply.headers["Location"]).get_data(
        as_text=True)  # shown once

    session.rollback()
    response = session.scalar(select(Response).where(Response.questionnaire_id == aichtal.id))
    assert (response.channel, response.sheet_number) == ("paper", 17)
    assert response.quartier_id == groetzingen.id and response.locale == "de"
    assert response.entered_by_id == session.scalar(select(Organiser.id).where(
        Organiser.email == AICHTAL[0]))  # who keyed it in knows its answers
    stored = {(a.option_key, a.number_value, a.text_value) for a in response.answers}
    assert ("grocery", None, None) in stored and ("pharmacy", None, None) in stored
    assert (None, 2.0, None) in stored and ("4", 4.0, None) in stored
    assert (None, None, "Mehr Sitzbänke am Marktplatz") in stored
    assert len(response.answers) == 12
    run = session.scalar(select(DigestRun))
    assert run.municipality_id == aichtal.municipality_id and run.status == "pending"


def test_an_incomplete_sheet_needs_only_its_number_and_quartier(client, session, aichtal):
    aich = quartiere(session, "aichtal")[0]
    session.rollback()
    empty = client.post(f"{_paper(aichtal)}/erfassen", data={"sheet": "", "sprache": "de"})
    assert empty.status_code == 400
    page = empty.get_data(as_text=True)
    assert 'href="#sheet">Bitte geben Sie die Bogennummer ein.' in page
    assert 'href="#quartier-1">Bitte wählen Sie das Quartier aus' in page
    assert page.count("error-message") == 2  # no question is required on paper
    for bad in ("0", "-3", "12a", "1,5"):
        reply = client.post(f"{_paper(aichtal)}/erfassen",
                            data={"sheet": bad, "quartier": str(aich.id), "sprache": "de"})
        assert reply.status_code == 400, bad
        assert "ganze Zahl ab 1" in reply.get_data(as_text=True)
    assert _count(session, Response) == 0

    reply = client.post(f"{_paper(aichtal)}/erfassen",
                        data={"sheet": " 3 ", "quartier": str(aich.id), "sprache": "en"})
    assert reply.status_code == 302 and reply.headers["Location"].endswith("?sprache=en")
    session.rollback()
    response = session.scalar(select(Response))
    assert (response.sheet_number, response.locale, response.answers) == (3, "en", [])


def test_the_same_sheet_number_twice_is_refused_and_nothing_is_added(client, session, aichtal):
    aich, groetzingen, _neuenhaus = quartiere(session, "aichtal")
    session.rollback()
    assert client.post(f"{_paper(aichtal)}/erfassen",
                       data=demo_sheet(session, aichtal, aich, 17)).status_code == 302
    again = demo_sheet(session, aichtal, groetzingen, 17)
    reply = client.post(f"{_paper(aichtal)}/erfassen", data=again)
    assert reply.status_code == 400
    page = reply.get_data(as_text=True)
    assert "Bogen 17 wurde schon erfasst." in page
    assert 'href="#sheet">Bogen 17 wurde schon erfasst.' in page
    assert 'value="17"' in page and "Mehr Sitzbänke am Marktplatz</textarea>" in page
    assert re.search(rf'value="{groetzingen.id}" checked', page)
    assert page.count("autofocus") == 1  # the error summary's: it gets the focus
    assert _count(session, Response) == 1
    assert _count(session, Answer) == 12
    # another questionnaire's sheet 17 is another sheet
    other = printed(session, make_questionnaire(session, "aichtal", CONDITIONAL_SPEC,
                                                status="closed"))
    reply = client.post(f"{_paper(other)}/erfassen",
                        data={"sheet": "17", "quartier": str(aich.id), "sprache": "de"})
    assert reply.status_code == 302
    assert _count(session, Response, Response.sheet_number == 17) == 2


def test_invalid_values_are_named_and_every_typed_value_is_kept(client, session, aichtal):
    aich = quartiere(session, "aichtal")[0]
    session.rollback()
    view = questionnaire_view(aichtal, "de")
    form = demo_sheet(session, aichtal, aich, 21)
    household = view.question_at(3).id
    form[f"q{household}"] = "zwei"
    form[f"q{view.question_at(5).id}"] = "sometimes"  # not an option of question 5
    reply = client.post(f"{_paper(aichtal)}/erfassen", data=form)
    assert reply.status_code == 400
    page = reply.get_data(as_text=True)
    assert page.startswith("<!doctype html>") and "<title>Fehler:" in page
    assert f'href="#q{household}">Frage 3: Bitte geben Sie eine ganze Zahl ein' in page
    assert f'href="#q{view.question_at(5).id}-1">Frage 5: Bitte wählen Sie eine der' in page
    assert 'value="zwei"' in page and 'aria-invalid="true"' in page
    assert 'value="21"' in page
    assert re.search(r'value="grocery" checked', page) and re.search(r'value="4" checked', page)
    assert "Mehr Sitzbänke am Marktplatz</textarea>" in page
    assert _count(session, Response) == 0


def test_only_questions_whose_condition_holds_are_stored(client, session):
    questionnaire = printed(session, make_questionnaire(session, "kohlberg", CONDITIONAL_SPEC,
                                                        status="open"))
    login(client, *KOHLBERG)
    view = questionnaire_view(questionnaire, "de")
    ids = {q.key: f"q{q.id}" for q in view.questions}
    quartier = quartiere(session, "kohlberg")[0]
    session.rollback()
    page = client.get(f"{_paper(questionnaire)}/erfassen").get_data(as_text=True)
    # staff see the condition as the sheet prints it
    assert ("Auf dem Bogen: Nur beantworten, wenn Sie bei Frage 1 „Ja“ angekreuzt haben."
            in page)

    base = {"quartier": str(quartier.id), "sprache": "de"}
    hidden = client.post(f"{_paper(questionnaire)}/erfassen", data={
        **base, "sheet": "1", ids["car"]: "no", ids["parking"]: "rarely",
        ids["transport"]: ["bus", "other"], ids["moved_in"]: "1.4.1999"})
    assert hidden.status_code == 302
    confirmation = client.get(hidden.headers["Location"]).get_data(as_text=True)
    assert "Frage 2 wurde nicht übernommen" in confirmation
    shown = client.post(f"{_paper(questionnaire)}/erfassen", data={
        **base, "sheet": "2", ids["car"]: "yes", ids["parking"]: "rarely",
        ids["transport"]: ["other"], f"{ids['transport']}_other": "Taxi"})
    assert shown.status_code == 302

    session.rollback()
    by_sheet = {r.sheet_number: {(a.option_key, a.text_value) for a in r.answers}
                for r in session.scalars(select(Response).where(
                    Response.questionnaire_id == questionnaire.id))}
    # "other" ticked without its text is stored as it is on the sheet
    assert by_sheet[1] == {("no", None), ("bus", None), ("other", None), (None, "1999-04-01")}
    assert by_sheet[2] == {("yes", None), ("rarely", None), ("other", "Taxi")}


def test_a_draft_questionnaire_takes_no_paper_sheets(client, session):
    questionnaire = make_questionnaire(session, "kohlberg", CONDITIONAL_SPEC, status="draft")
    session.commit()
    login(client, *KOHLBERG)
    page = client.get(f"{_paper(questionnaire)}/erfassen").get_data(as_text=True)
    assert "noch ein Entwurf" in page and 'name="sheet"' not in page
    quartier = quartiere(session, "kohlberg")[0]
    session.rollback()
    client.post(f"{_paper(questionnaire)}/erfassen",
                data={"sheet": "1", "quartier": str(quartier.id), "sprache": "de"})
    assert _count(session, Response) == 0
    assert client.get(f"{_paper(questionnaire)}/druck").status_code == 200  # a preview


def test_overview_lists_the_organisers_questionnaires_only(client, session, aichtal):
    page = client.get("/de/verwaltung/papier").get_data(as_text=True)
    assert f"{_paper(aichtal)}/druck" in page and f"{_paper(aichtal)}/erfassen" in page
    assert f"/de/verwaltung/verteilen/{aichtal.id}" in page
    listed = {int(found) for found in re.findall(r"/papier/(\d+)/erfassen", page)}
    own = set(session.scalars(select(Questionnaire.id).where(
        Questionnaire.municipality_id == aichtal.municipality_id, Questionnaire.status == "open")))
    assert listed == own
    assert "/de/verwaltung/papier" in client.get("/de/verwaltung/").get_data(as_text=True)


# --- tenant isolation ---


def organiser_routes(questionnaire_id: int) -> list[tuple[str, str]]:
    paper = f"/de/verwaltung/papier/{questionnaire_id}"
    spread = f"/de/verwaltung/verteilen/{questionnaire_id}"
    return [("GET", f"{paper}/druck"), ("GET", f"{paper}/erfassen"),
            ("POST", f"{paper}/erfassen"), ("GET", spread), ("GET", f"{spread}/plakat"),
            ("GET", f"{spread}/plakat.svg"), ("GET", f"{spread}/plakat.png")]


def test_another_municipalitys_questionnaire_is_not_found(client, session):
    kohlberg = demo_questionnaire(session, "kohlberg")
    own_quartier = quartiere(session, "aichtal")[0]
    session.rollback()
    login(client, *AICHTAL)
    for method, path in organiser_routes(kohlberg.id):
        data = {"sheet": "5", "quartier": str(own_quartier.id), "sprache": "de"}
        reply = client.open(path, method=method, data=data if method == "POST" else None)
        assert reply.status_code == 404, path
    assert client.get(f"{organiser_routes(999999)[0][1]}").status_code == 404
    assert _count(session, Response) == 0


def test_anonymous_visitors_are_sent_to_the_login(client, session):
    aichtal = demo_questionnaire(session, "aichtal")
    session.rollback()
    for method, path in [*organiser_routes(aichtal.id), ("GET", "/de/verwaltung/papier")]:
        reply = client.open(path, method=method)
        assert reply.status_code == 302, path
        assert "/de/verwaltung/anmelden?next=" in reply.headers["Location"], path


def test_the_district_admin_may_enter_sheets_anywhere(client, session):
    kohlberg = demo_questionnaire(session, "kohlberg")
    session.rollback()
    login(client, "landkreis@demo.example", "demo-landkreis")
    for method, path in organiser_routes(kohlberg.id):
        if method == "GET":
            assert client.get(path).status_code == 200, path


# --- two staff members, one sheet ---


def as_posted(form: dict) -> list[tuple[str, str]]:
    """Form values as a browser posts them: one pair per ticked box."""
    return [(name, value) for name, values in form.items()
            for value in (values if isinstance(values, list) else [values])]


def _logged_in_staff(server_url: str, email: str, password: str) -> Resident:
    staff = Resident(server_url)
    login_page = staff.request("GET", "/de/verwaltung/anmelden")
    token = CSRF_INPUT.search(login_page.body).group(1)
    reply = staff.request("POST", "/de/verwaltung/anmelden",
                          {"csrf_token": token, "email": email, "password": password})
    assert reply.status == 302, (reply.status, reply.body[:300])
    return staff


def test_20_parallel_entries_of_one_sheet_store_exactly_one(app, live_server, database_url):
    with app.test_request_context("/de/", method="POST"):  # it records a print run
        session = db.session()
        questionnaire = printed(session, demo_questionnaire(session, "aichtal"))
        form = demo_sheet(session, questionnaire, quartiere(session, "aichtal")[2], 17)
    path = f"/de/verwaltung/papier/{questionnaire.id}/erfassen"
    staff = _logged_in_staff(live_server.url, *AICHTAL)
    entry_page = staff.request("GET", path)
    assert entry_page.status == 200, entry_page.body[:300]
    form["csrf_token"] = CSRF_INPUT.search(entry_page.body).group(1)
    pairs = as_posted(form)
    tabs = [Resident(live_server.url, staff.cookies) for _ in range(PARALLEL_ENTRIES)]

    started = time.perf_counter()
    replies, burst = _release_together([
        lambda tab=tab: tab.request("POST", path, pairs) for tab in tabs])

    statuses = sorted(reply.status for reply in replies)
    with app.app_context():
        check = db.get_db().new_session(read_only=True)
        try:
            responses = check.scalar(select(func.count()).select_from(Response).where(
                Response.questionnaire_id == questionnaire.id, Response.sheet_number == 17))
            answers = check.scalar(select(func.count(Answer.id)).join(Response).where(
                Response.questionnaire_id == questionnaire.id))
        finally:
            check.close()
    print(f"\n[{_backend(database_url)}] {PARALLEL_ENTRIES} parallel entries of sheet 17: "
          f"burst {burst:.2f} s (total {time.perf_counter() - started:.2f} s), "
          f"statuses {statuses}, responses {responses}, answers {answers}")
    assert statuses == [302] + [400] * (PARALLEL_ENTRIES - 1)
    assert all("Bogen 17 wurde schon erfasst." in reply.body
               for reply in replies if reply.status == 400)
    assert responses == 1 and answers == 12


def test_a_stale_form_keeps_the_typed_sheet(app, live_server):
    with app.test_request_context("/de/", method="POST"):  # it records a print run
        session = db.session()
        questionnaire = printed(session, demo_questionnaire(session, "aichtal"))
        form = demo_sheet(session, questionnaire, quartiere(session, "aichtal")[0], 31)
    staff = _logged_in_staff(live_server.url, *AICHTAL)
    reply = staff.request("POST", f"/de/verwaltung/papier/{questionnaire.id}/erfassen",
                          as_posted({**form, "csrf_token": "from-an-old-page"}))
    assert reply.status == 400
    assert 'href="#save">Ihre Eingabe wurde aus Sicherheitsgründen' in reply.body
    assert 'value="31"' in reply.body and "Mehr Sitzbänke am Marktplatz</textarea>" in reply.body
    with app.app_context():
        check = db.get_db().new_session(read_only=True)
        try:
            assert check.scalar(select(func.count()).select_from(Response)) == 0
        finally:
            check.close()
