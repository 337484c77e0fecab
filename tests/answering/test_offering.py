"""What residents are offered: complete languages only, covered Quartiere, open dates."""

from datetime import date, timedelta

from participation.surveys.models import QuestionnaireQuartier
from tests.factories import SMALL_SPEC, make_questionnaire, quartiere


def test_an_incomplete_translation_shows_the_whole_questionnaire_in_german(client, session):
    # SMALL_SPEC lacks the English label of one option: English is not offered yet.
    questionnaire = make_questionnaire(session, "kohlberg", SMALL_SPEC, status="open")
    session.commit()
    page = client.get(f"/en/umfrage/{questionnaire.id}/frage/1").get_data(as_text=True)
    assert '<html lang="en"' in page
    assert '<span lang="de" dir="ltr">Welche Farbe?</span>' in page
    assert 'lang="de" dir="ltr">Rot</label>' in page and "Red" not in page


def test_a_complete_translation_is_used(client, session):
    spec = {**SMALL_SPEC, "questions": [
        {**SMALL_SPEC["questions"][0],
         "options": [("a", {"de": "Rot", "en": "Red"}), ("b", {"de": "Grün", "en": "Green"})]},
        {**SMALL_SPEC["questions"][2], "text": {"de": "Was noch?", "en": "Anything else?"}}]}
    questionnaire = make_questionnaire(session, "kohlberg", spec, status="open")
    session.commit()
    page = client.get(f"/en/umfrage/{questionnaire.id}/frage/1").get_data(as_text=True)
    assert "Which colour?" in page and ">Red</label>" in page
    assert 'lang="de"' not in page.split("<main")[1].split("</main>")[0]


def test_only_covered_quartiere_are_offered(client, session):
    questionnaire = make_questionnaire(session, "aichtal", SMALL_SPEC, status="open")
    aich, groetzingen, neuenhaus = quartiere(session, "aichtal")
    session.add(QuestionnaireQuartier(questionnaire_id=questionnaire.id, quartier_id=aich.id))
    session.commit()
    page = client.get(f"/de/umfrage/{questionnaire.id}/quartier").get_data(as_text=True)
    assert ">Aich</label>" in page
    assert "Grötzingen" not in page and "Neuenhaus" not in page
    refused = client.post(f"/de/umfrage/{questionnaire.id}/quartier",
                          data={"answer": str(neuenhaus.id)})
    assert "Bitte wählen Sie das Quartier aus" in refused.get_data(as_text=True)


def test_outside_its_dates_a_questionnaire_says_it_is_not_open(client, session):
    questionnaire = make_questionnaire(session, "kohlberg", SMALL_SPEC, status="open")
    questionnaire.closes_on = date.today() - timedelta(days=1)
    session.commit()
    closed = client.get(f"/de/umfrage/{questionnaire.id}")
    assert closed.status_code == 410
    assert "zurzeit nicht geöffnet" in closed.get_data(as_text=True)
    questionnaire.closes_on = None
    questionnaire.opens_on = date.today() + timedelta(days=3)
    session.commit()
    assert client.get(f"/de/umfrage/{questionnaire.id}/frage/1").status_code == 410
    questionnaire.opens_on = date.today()
    session.commit()
    assert client.get(f"/de/umfrage/{questionnaire.id}").status_code == 200
