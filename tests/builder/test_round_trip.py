"""The builder changes nothing it is not asked to: every question of every kind and setting
the import accepts, opened in the editor and saved unchanged, exports as before."""

from html import unescape
from html.parser import HTMLParser

from sqlalchemy import select

from participation.builder import transfer
from participation.surveys.models import Question
from tests import kinds
from tests.builder.test_builder import (
    AICHTAL,
    BASE,
    _forget_new_questionnaires,  # noqa: F401 (autouse: questionnaires made here are removed)
    login,
)
from tests.builder.test_transfer import upload


class EditorForm(HTMLParser):
    """What a browser posts from the question editor: its fields as they are on the page."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.action, self.fields, self._textarea, self._in_form = None, [], None, False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "/fragen/" in (attrs.get("action") or "") and self.action is None:
            self.action, self._in_form = unescape(attrs["action"]), True
        elif not self._in_form:
            return
        elif tag == "input" and attrs.get("type") in ("checkbox", "radio"):
            if "checked" in attrs:
                self.fields.append((attrs["name"], attrs["value"]))
        elif tag == "input" and attrs.get("name"):
            self.fields.append((attrs["name"], attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def test_opening_and_saving_any_imported_question_changes_nothing(client, session):
    login(client, AICHTAL)
    reply = upload(client, transfer.to_json_bytes(kinds.document()))
    assert reply.status_code == 302, reply.get_data(as_text=True)[:800]
    questionnaire_id = int(reply.headers["Location"].rsplit("/", 1)[1])
    before = transfer.export_questionnaire(session, questionnaire_id)
    assert before["questions"] == [
        {**q, "settings": q.get("settings", {}), "hint": q.get("hint", {}),
         "field": q.get("field"), "required": q.get("required", True),
         "options": [_neutral_in_english(option) for option in q.get("options", [])]}
        for q in kinds.document()["questions"]]
    session.rollback()
    question_ids = list(session.scalars(select(Question.id).where(
        Question.questionnaire_id == questionnaire_id).order_by(Question.position)))
    for question_id in question_ids:
        page = client.get(f"{BASE}/{questionnaire_id}/fragen/{question_id}")
        form = EditorForm(page.get_data(as_text=True))
        saved = client.post(form.action, data=_multi(form.fields))
        assert saved.status_code == 302, (question_id, saved.get_data(as_text=True)[:1500])
    session.rollback()
    after = transfer.export_questionnaire(session, questionnaire_id)
    assert after == before


def _multi(fields: list[tuple[str, str]]) -> dict:
    found: dict[str, list[str]] = {}
    for name, value in fields:
        found.setdefault(name, []).append(value)
    return found


def _neutral_in_english(option: list) -> list:
    """The import stores labels without letters ("2") in every language."""
    key, labels = option
    if labels["de"].isdigit() and "en" not in labels:
        labels = {**labels, "en": labels["de"]}
    return [key, labels]
