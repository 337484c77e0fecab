"""Languages: complete catalogs, lang/dir on every page, content fallback marked lang="de"."""

import re

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
    for lang in ("en", "ar"):
        for message in _catalog(lang):
            if not message.id:
                continue
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
    assert '<h1 lang="de">Gut älter werden im Quartier</h1>' in page
    question = client.get(f"/ar/umfrage/{questionnaire.id}/frage/1").get_data(as_text=True)
    assert '<span lang="de">Wie zufrieden sind Sie mit Ihrer Wohnsituation?</span>' in question
    assert 'lang="de">5 – sehr zufrieden</label>' in question


def test_english_content_is_shown_where_it_exists(client, session):
    questionnaire = demo_questionnaire(session)
    page = client.get(f"/en/umfrage/{questionnaire.id}/frage/1").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page
    assert "How satisfied are you with your housing situation?" in page
    assert 'lang="de"' not in page.split("<main")[1].split("</main>")[0]


def test_language_switcher_names_each_language_in_itself(client):
    page = client.get("/en/").get_data(as_text=True)
    assert 'lang="de" hreflang="de" dir="ltr">Deutsch</a>' in page
    assert 'lang="ar" hreflang="ar" dir="rtl">العربية</a>' in page
    assert 'aria-current="page">English</a>' in page
    # the switcher keeps the resident on the same page
    assert 'href="/ar/"' in page


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
