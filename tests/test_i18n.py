"""Languages: complete catalogs, lang/dir on every page, content fallback marked lang="de"."""

import re

import pytest
from babel.messages.pofile import read_po

from participation.i18n import SUPPORTED_LOCALES, TRANSLATIONS_DIR
from tests.factories import demo_questionnaire


def _read(path):
    with open(path, "rb") as handle:
        return read_po(handle)


def _catalog(lang):
    return _read(TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po")


def test_every_catalog_is_complete_and_not_fuzzy():
    template_ids = {m.id for m in _read(TRANSLATIONS_DIR / "messages.pot") if m.id}
    for lang in SUPPORTED_LOCALES:
        catalog = _catalog(lang)
        ids = {m.id for m in catalog if m.id}
        assert ids == template_ids, f"{lang} is not up to date with messages.pot"
        if lang == "de":
            continue  # German is the source language
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(strings), f"{lang}: untranslated {message.id!r}"
            assert not message.fuzzy, f"{lang}: fuzzy {message.id!r}"


def test_placeholders_survive_translation():
    for lang in (lang for lang in SUPPORTED_LOCALES if lang != "de"):
        catalog = _catalog(lang)
        for message in catalog:
            if not message.id:
                continue
            if message.pluralizable:  # one form per plural category of the language
                assert len(message.string) == catalog.num_plurals, (lang, message.id)
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            wanted = set(re.findall(r"%\(\w+\)[sd]", ids[0]))
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for string in strings:
                assert set(re.findall(r"%\(\w+\)[sd]", string)) <= wanted | set(), \
                    (lang, message.id, string)


def test_arabic_pages_are_right_to_left_and_content_falls_back_to_german(client, session):
    questionnaire = demo_questionnaire(session)
    page = client.get(f"/ar/umfrage/{questionnaire.id}").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert '<h1 lang="de" dir="ltr">Gut älter werden im Quartier</h1>' in page
    question = client.get(f"/ar/umfrage/{questionnaire.id}/frage/1").get_data(as_text=True)
    assert ('<span lang="de" dir="ltr">Wie zufrieden sind Sie mit Ihrer Wohnsituation?</span>'
            in question)
    assert 'lang="de" dir="ltr">5 – sehr zufrieden</label>' in question


def test_english_content_is_shown_where_it_exists(client, session):
    questionnaire = demo_questionnaire(session)
    page = client.get(f"/en/umfrage/{questionnaire.id}/frage/1").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page
    assert "How satisfied are you with your housing situation?" in page
    assert 'lang="de"' not in page.split("<main")[1].split("</main>")[0]


def test_the_start_page_offers_every_language_named_in_itself(client):
    page = client.get("/en/").get_data(as_text=True)
    for code, name in (("de", "Deutsch"), ("tr", "Türkçe"), ("it", "Italiano"),
                       ("el", "Ελληνικά"), ("hr", "Hrvatski"), ("uk", "Українська"),
                       ("ru", "Русский"), ("ro", "Română"), ("pl", "Polski")):
        assert f'href="/{code}/" lang="{code}" dir="ltr" hreflang="{code}">{name}</a>' in page
    assert 'href="/ar/" lang="ar" dir="rtl" hreflang="ar">العربية</a>' in page
    assert 'href="/de-x-ls/" lang="de" dir="ltr" hreflang="de">Leichte Sprache</a>' in page
    assert 'aria-current="page">English</a>' in page


def test_the_language_page_returns_to_the_same_page(client, session):
    questionnaire = demo_questionnaire(session)
    question = f"/de/umfrage/{questionnaire.id}/frage/2"
    header = client.get(question).get_data(as_text=True)
    assert f'href="/de/sprache?seite=/de/umfrage/{questionnaire.id}/frage/2"' in header
    assert "Sprache: Deutsch" in header and '<span lang="en" dir="ltr">Language</span>' in header
    page = client.get(f"/de/sprache?seite={question}").get_data(as_text=True)
    assert f'href="/tr/umfrage/{questionnaire.id}/frage/2" lang="tr"' in page
    assert f'href="/ar/umfrage/{questionnaire.id}/frage/2" lang="ar"' in page
    assert f'class="back-link" href="{question}"' in page


@pytest.mark.parametrize("target", ["https://example.org/", "//example.org/de/",
                                    "/de//example.org", "/xx/umfrage", "/de\\example.org", ""])
def test_the_language_page_never_leaves_the_site(client, target):
    page = client.get("/de/sprache", query_string={"seite": target}).get_data(as_text=True)
    assert 'href="/it/" lang="it"' in page
    assert "example.org" not in page.split("<main")[1]


def test_messages_pot_is_up_to_date_with_the_source(tmp_path):
    """Every user-visible string in the code is in the catalogs (run `translate extract`)."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    fresh = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    str(ROOT / "pyproject.toml"), "-k", "_l", "--no-location", "-o", str(fresh),
                    str(ROOT)], check=True, cwd=ROOT, capture_output=True)
    extracted = {m.id for m in _read(fresh) if m.id}
    committed = {m.id for m in _read(TRANSLATIONS_DIR / "messages.pot") if m.id}
    assert extracted == committed
