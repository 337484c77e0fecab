"""Leichte Sprache: a variant of German with its own catalog and content (QUALITY.md §2)."""

import re

from babel.messages.pofile import read_po

from participation.i18n import TRANSLATIONS_DIR
from tests.factories import SMALL_SPEC, demo_questionnaire, make_questionnaire

EASY = "/de-x-ls"


def _easy_catalog():
    with open(TRANSLATIONS_DIR / "de" / "LC_MESSAGES" / "leichte_sprache.po", "rb") as handle:
        return read_po(handle)


def test_pages_in_leichte_sprache_are_german_with_their_own_words(client, session):
    questionnaire = demo_questionnaire(session)
    easy = client.post(f"{EASY}/umfrage/{questionnaire.id}/quartier").get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in easy
    assert "Das Quartier ist Ihr Wohn-Viertel." in easy  # from the Leichte Sprache catalog
    assert "Sprache: Leichte Sprache" in easy
    assert "Weiter" in easy  # left empty there: the standard German text
    # the same browser back on a standard German page gets the standard words again
    standard = client.post(f"/de/umfrage/{questionnaire.id}/quartier").get_data(as_text=True)
    assert "Bitte wählen Sie das Quartier aus, in dem Sie wohnen." in standard
    assert "Wohn-Viertel" not in standard


def test_questionnaire_content_in_leichte_sprache_is_used_once_complete(client, session):
    easy_texts = {"title": "Test in Leichter Sprache", "choice": "Welche Farbe mögen Sie?",
                  "rating": "Wie gut geht es Ihnen?", "free": "Was möchten Sie noch sagen?"}
    spec = {**SMALL_SPEC, "languages": ["de", "de-x-ls"],
            "title": {**SMALL_SPEC["title"], "de-x-ls": easy_texts["title"]},
            "intro": {**SMALL_SPEC["intro"], "de-x-ls": "Eine kurze Befragung."},
            "questions": [
                {**question, "text": {**question["text"], "de-x-ls": easy_texts[question["key"]]},
                 "options": [(key, {**labels, "de-x-ls": labels["de"]})
                             for key, labels in question.get("options", [])]}
                for question in SMALL_SPEC["questions"]]}
    questionnaire = make_questionnaire(session, "kohlberg", spec, status="open")
    session.commit()
    easy = client.get(f"{EASY}/umfrage/{questionnaire.id}/frage/1").get_data(as_text=True)
    assert "Welche Farbe mögen Sie?" in easy and "Welche Farbe?<" not in easy
    main = easy.split("<main")[1].split("</main>")[0]
    assert 'lang="' not in main  # nothing marked as another language
    standard = client.get(f"/de/umfrage/{questionnaire.id}/frage/1").get_data(as_text=True)
    assert "Welche Farbe?" in standard and "mögen Sie" not in standard


def test_incomplete_leichte_sprache_content_shows_the_german_questionnaire(client, session):
    spec = {**SMALL_SPEC, "languages": ["de", "de-x-ls"],
            "title": {**SMALL_SPEC["title"], "de-x-ls": "Nur der Titel"}}
    questionnaire = make_questionnaire(session, "kohlberg", spec, status="open")
    session.commit()
    easy = client.get(f"{EASY}/umfrage/{questionnaire.id}").get_data(as_text=True)
    assert "Testbefragung" in easy and "Nur der Titel" not in easy


def test_the_leichte_sprache_catalog_follows_the_template_and_keeps_placeholders():
    with open(TRANSLATIONS_DIR / "messages.pot", "rb") as handle:
        template_ids = {m.id for m in read_po(handle) if m.id}
    catalog = _easy_catalog()
    assert {m.id for m in catalog if m.id} == template_ids
    written = [m for m in catalog if m.id and not m.fuzzy and all(
        m.string if isinstance(m.string, tuple) else (m.string,))]
    assert len(written) >= 50  # the resident pages' words; the rest stays standard German
    for message in written:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)[sd]", ids[-1]))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)[sd]", string)) == wanted, (message.id, string)


def test_organisers_write_leichte_sprache_beside_the_german_text(client, session):
    client.post("/de/verwaltung/anmelden", data={
        "email": "organisation@kohlberg.demo.example", "password": "demo-kohlberg"})
    questionnaire = make_questionnaire(session, "kohlberg", status="draft")
    session.commit()
    url = f"/de/verwaltung/fragebogen/{questionnaire.id}"
    page = client.get(f"{url}/uebersetzungen/de-x-ls").get_data(as_text=True)
    assert "Leichte Sprache: 0 von 8 Texten übersetzt" in page
    client.post(f"{url}/uebersetzungen/de-x-ls", data={"title": "Eine Test-Befragung"})
    # the resident's part with the Leichte Sprache texts, inside the organiser's page
    page = client.get(f"{url}/vorschau/de-x-ls").get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in page and "<h1>Eine Test-Befragung</h1>" in page
    assert "Noch nicht alle Texte sind übersetzt" in page
    whole = client.get(f"{url}/vorschau/de-x-ls/alle").get_data(as_text=True)
    assert "Leichte Sprache: 1 von 8 Texten übersetzt" in whole
