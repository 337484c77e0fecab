"""Free text for municipal organisers on SQLite and PostgreSQL: read, logged, tenant-scoped."""

from sqlalchemy import select

from participation.results.models import FreeTextView
from tests.factories import add_response, make_questionnaire, quartiere
from tests.results.test_results import (
    ADMIN,
    AICHTAL,
    KOHLBERG,
    SPEC,
    XSS,
    Page,
    login,
    seed,
)


def url(questionnaire, suffix="/freitext", lang="de") -> str:
    return f"/{lang}/verwaltung/ergebnisse/{questionnaire.id}{suffix}"


def question_id(questionnaire, key) -> int:
    return next(q.id for q in questionnaire.questions if q.key == key)


def views(session) -> list[tuple]:
    session.rollback()  # a fresh look at what the requests committed
    return [(v.organiser_id, v.questionnaire_id, v.question_id, v.quartier_id)
            for v in session.scalars(select(FreeTextView).order_by(FreeTextView.id))]


def organiser_id(session, email) -> int:
    from participation.accounts.models import Organiser

    return session.scalar(select(Organiser.id).where(Organiser.email == email))


def read(client, questionnaire, key, quartier_id=""):
    return client.post(url(questionnaire), data={
        "question": str(question_id(questionnaire, key)), "quartier": str(quartier_id)})


def test_municipal_organiser_reads_own_free_text_and_each_view_is_logged(client, session):
    questionnaire = seed(session)
    centre, edge = quartiere(session, "kohlberg")
    login(client, KOHLBERG)
    results = client.get(url(questionnaire, "")).get_data(as_text=True)
    assert "am See" not in results  # not shown by default: only behind the link
    assert f'href="{url(questionnaire)}"' in results
    choice = client.get(url(questionnaire))
    assert choice.status_code == 200
    page = choice.get_data(as_text=True)
    assert "jeder Abruf protokolliert" in page and "am See" not in page
    assert views(session) == []  # the form alone shows no text and logs nothing

    response = read(client, questionnaire, "free")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "jeder Abruf protokolliert" in html
    assert Page(html).table("Freitext-Antworten: Was noch?") == [
        ["Quartier", "Antwort"], *[["Ortskern", "Eine Bank <b>am See</b>"]] * 4]
    assert 'dir="auto">Eine Bank &lt;b&gt;am See&lt;/b&gt;' in html
    other = read(client, questionnaire, "ways", centre.id).get_data(as_text=True)
    assert Page(other).table("Angaben zu „Sonstiges“: Was erreichen Sie?") == [
        ["Quartier", "Antwort"], ["Ortskern", "Ein Café <i>am Markt</i>"]]
    edge_page = read(client, questionnaire, "free", edge.id).get_data(as_text=True)
    assert "am See" not in edge_page and "noch keine Antworten" in edge_page

    kohlberg = organiser_id(session, KOHLBERG[0])
    assert views(session) == [
        (kohlberg, questionnaire.id, question_id(questionnaire, "free"), None),
        (kohlberg, questionnaire.id, question_id(questionnaire, "ways"), centre.id),
        (kohlberg, questionnaire.id, question_id(questionnaire, "free"), edge.id),
    ]


def test_questions_without_free_text_and_foreign_quartiere_are_refused(client, session):
    questionnaire = seed(session)
    aich = quartiere(session, "aichtal")[0]
    login(client, KOHLBERG)
    assert read(client, questionnaire, "choice").status_code == 404
    assert read(client, questionnaire, "free", aich.id).status_code == 404
    assert client.post(url(questionnaire), data={"question": "x"}).status_code == 404
    assert views(session) == []


def test_other_municipalities_and_strangers_read_nothing(app, client, session):
    questionnaire = seed(session)  # Kohlberg's
    assert client.get(url(questionnaire)).status_code == 302
    anonymous = read(client, questionnaire, "free")
    assert anonymous.status_code == 302 and "/anmelden" in anonymous.headers["Location"]
    assert client.get(url(questionnaire, "/freitext-protokoll")).status_code == 302
    login(client, AICHTAL)
    for response in (client.get(url(questionnaire)), read(client, questionnaire, "free"),
                     client.get(url(questionnaire, "/freitext-protokoll"))):
        assert response.status_code == 404
        assert "am See" not in response.get_data(as_text=True)
    assert views(session) == []
    own = app.test_client()
    login(own, KOHLBERG)
    assert own.get(url(questionnaire, "/freitext-protokoll")).status_code == 403


def test_district_admin_reads_the_log(app, client, session):
    questionnaire = seed(session)
    centre = quartiere(session, "kohlberg")[0]
    organiser = app.test_client()
    login(organiser, KOHLBERG)
    read(organiser, questionnaire, "free")
    read(organiser, questionnaire, "ways", centre.id)
    login(client, ADMIN)
    results = client.get(url(questionnaire, "")).get_data(as_text=True)
    assert "Eine Bank &lt;b&gt;am See&lt;/b&gt;" in results  # the admin keeps free text inline
    assert f'href="{url(questionnaire, "/freitext-protokoll")}"' in results
    response = client.get(url(questionnaire, "/freitext-protokoll"))
    assert response.status_code == 200
    rows = Page(response.get_data(as_text=True)).table("Abrufe von Freitext-Antworten")
    assert rows[0] == ["Zeitpunkt", "Organisatorin oder Organisator", "Frage", "Quartier"]
    assert [row[1:] for row in rows[1:]] == [
        ["Organisation Kohlberg (organisation@kohlberg.demo.example)", "Was erreichen Sie?",
         "Ortskern"],
        ["Organisation Kohlberg (organisation@kohlberg.demo.example)", "Was noch?",
         "Alle Quartiere"],
    ]


def test_resident_text_is_escaped(client, session):
    questionnaire = make_questionnaire(session, "aichtal", SPEC)
    aich = quartiere(session, "aichtal")[0]
    for text in XSS:
        add_response(session, questionnaire, aich, {"choice": "a", "rating": "3", "free": text})
    session.commit()
    login(client, AICHTAL)
    html = read(client, questionnaire, "free").get_data(as_text=True)
    page = Page(html)
    assert page.free_texts == XSS
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script" not in main and "<img" not in main and "<svg" not in main
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in main and ">49<" not in main
    assert not any(name.startswith("on") for _tag, attributes in page.tags
                   for name in attributes)
