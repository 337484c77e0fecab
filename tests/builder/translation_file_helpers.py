"""What the translation-file tests share: a questionnaire in Kohlberg (German, Turkish,
Leichte Sprache), logins, downloads and uploads, and files filled in as a translator would."""

import io
import re

import openpyxl
import pytest
from babel.messages.pofile import read_po, write_po
from sqlalchemy import func, select

from participation.builder.translation_files import text_units, translations_of
from participation.surveys.models import ContentChange, Questionnaire
from tests.builder.test_builder import (  # noqa: F401 (autouse: made questionnaires go)
    _forget_new_questionnaires,
)
from tests.factories import make_questionnaire

KOHLBERG = ("organisation@kohlberg.demo.example", "demo-kohlberg")
AICHTAL = ("organisation@aichtal.demo.example", "demo-aichtal")
BASE = "/de/verwaltung/fragebogen"
STALE = "Der deutsche Text hat sich seit dem Export geändert"

SPEC = {
    "languages": ["de", "tr", "de-x-ls"],
    "title": {"de": "Leben am Marktplatz"},
    "intro": {"de": "Zeile eins\nZeile zwei"},
    "questions": [
        {"key": "wohnen", "kind": "single_choice", "field": "housing",
         "text": {"de": "Wie wohnen Sie?"}, "hint": {"de": "Bitte eine Antwort."},
         "options": [("miete", {"de": "Zur Miete"}),
                     ("formel", {"de": "=1+2 (keine Formel)"}),
                     ("minus", {"de": "-5 Grad oder kälter"})]},
        {"key": "note", "kind": "scale", "field": "health",
         "text": {"de": "@Marktplatz: Wie gut gefällt er Ihnen?"},
         "options": [(str(n), {"de": str(n)}) for n in range(1, 4)]},
        {"key": "frei", "kind": "text", "required": False, "text": {"de": "+ Was noch?"}},
    ],
}
IDS = ["title", "intro", "q:wohnen:text", "q:wohnen:hint", "o:wohnen:miete",
       "o:wohnen:formel", "o:wohnen:minus", "q:note:text", "q:frei:text"]


# Fixtures under other names than their own: a test module imports them without its
# parameters shadowing the import.


@pytest.fixture(name="questionnaire_id")
def questionnaire_id_fixture(session) -> int:
    """An open questionnaire in Kohlberg offered in Turkish and Leichte Sprache."""
    questionnaire = make_questionnaire(session, "kohlberg", spec=SPEC, status="open")
    session.commit()
    return questionnaire.id


def login(client, account=KOHLBERG):
    email, password = account
    response = client.post("/de/verwaltung/anmelden", data={"email": email, "password": password})
    assert response.status_code == 302


def fresh(session, questionnaire_id: int) -> Questionnaire:
    session.rollback()  # see what the app committed
    return session.get(Questionnaire, questionnaire_id)


def stored(session, questionnaire_id: int, lang: str) -> dict[str, str]:
    questionnaire = fresh(session, questionnaire_id)
    return translations_of(questionnaire, text_units(questionnaire), lang)


def changes(session, questionnaire_id: int) -> int:
    return session.scalar(select(func.count(ContentChange.id)).where(
        ContentChange.questionnaire_id == questionnaire_id))


def download(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    assert response.headers["Cache-Control"] == "no-store"
    return response.data


def upload(client, questionnaire_id: int, raw: bytes, name: str = "uebersetzung.xlsx"):
    return client.post(f"{BASE}/{questionnaire_id}/uebersetzungen/import",
                       data={"datei": (io.BytesIO(raw), name)},
                       content_type="multipart/form-data")


def page_text(response) -> str:
    """The page as a reader sees it: tags dropped, entities of quotes undone."""
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(text.replace("&#34;", '"').replace("&#39;", "'").split())


def fill_xlsx(raw: bytes, lang: str, fill) -> bytes:
    """The downloaded workbook with `fill(id, german)` typed into the column `lang`."""
    workbook = openpyxl.load_workbook(io.BytesIO(raw))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    column = header.index(lang) + 1
    for row in range(2, sheet.max_row + 1):
        text = fill(sheet.cell(row, 1).value, sheet.cell(row, 3).value)
        if text is not None:
            cell = sheet.cell(row, column)
            cell.value = text
            cell.data_type = "s"  # typed as text, even when it starts with "="
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def turkish(_unit_id, german):
    return f"TR {german}"


def fill_po(raw: bytes, fill, language: str | None = None) -> bytes:
    catalog = read_po(io.BytesIO(raw))
    for message in catalog:
        if message.id:
            message.string = fill(message.context, message.id) or ""
    if language:
        catalog.locale = None
        catalog._locale_identifier = language  # a Language header Babel cannot parse
    output = io.BytesIO()
    write_po(output, catalog)
    return output.getvalue()
