"""Reading a LimeSurvey survey structure file (.lss): safe XML, its tables, plain texts.

The XML is read by expat with no DTD at all: a file that declares one, or entities, is refused
before anything is expanded or fetched (no "billion laughs", no external entities). Texts in
LimeSurvey are HTML; `plain_text` keeps their words and paragraphs only.
"""

import re
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from xml.parsers import expat

from flask_babel import gettext as _

MAX_BYTES = 1000 * 1024  # LimeSurvey's verbose XML; the request limit is 1 MiB
BLOCK_TAGS = {"p", "div", "br", "li", "tr", "ul", "ol", "table", "hr", "blockquote", "h1",
              "h2", "h3", "h4", "h5", "h6"}
MARKUP_RE = re.compile(r"<(?=[A-Za-z/!?])")  # what the schema would take for HTML


class Refused(Exception):
    """The file is not converted at all; the message says why."""



def _refuse_declarations(*_args):
    raise Refused(_("Die Datei enthält eine Dokumenttyp-Definition (DTD) oder Entitäten. "
                    "Aus Sicherheitsgründen werden solche Dateien nicht gelesen."))


def parse(raw: bytes) -> ET.Element:
    """The XML tree, read by expat without any DTD: a declaration stops the parser."""
    if len(raw) > MAX_BYTES:
        raise Refused(_("Die Datei ist zu groß: höchstens %(n)d KB sind erlaubt.",
                        n=MAX_BYTES // 1024))
    if not raw.strip():
        raise Refused(_("Die Datei ist leer."))
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_declarations
    parser.EntityDeclHandler = _refuse_declarations
    parser.ExternalEntityRefHandler = _refuse_declarations
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(raw, True)
    except expat.ExpatError as error:
        raise Refused(_("Die Datei ist kein gültiges XML (Zeile %(line)d, Spalte %(column)d).",
                        line=error.lineno, column=error.offset + 1)) from None
    root = builder.close()
    kind = (root.findtext("LimeSurveyDocType") or "").strip() if root.tag == "document" else ""
    if kind != "Survey":
        raise Refused(_("Die Datei ist keine LimeSurvey-Umfragestruktur (.lss)."))
    return root


def _rows(root: ET.Element, table: str) -> list[dict[str, str]]:
    return [{cell.tag: cell.text or "" for cell in row}
            for row in root.findall(f"./{table}/rows/row")]


def _number(value: str | None, default: int = 0) -> int:
    text = (value or "").strip()
    return int(text) if text.lstrip("-").isdigit() else default


class Survey:
    """The tables of a .lss file, whether texts are in the rows (LimeSurvey 2.x and 3.x) or
    in separate `*_l10ns` tables (4.x and later)."""

    def __init__(self, root: ET.Element):
        settings = (_rows(root, "surveys") or [{}])[0]
        self.sid = settings.get("sid", "").strip()
        codes = [settings.get("language", "")] + settings.get("additional_languages", "").split()
        codes += [(e.text or "") for e in root.findall("./languages/language")]
        self.language_codes = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
        self.base = self.language_codes[0] if self.language_codes else ""
        self.texts = {row.get("surveyls_language", "").strip(): row
                      for row in _rows(root, "surveys_languagesettings")}
        self.groups = self._groups(root)
        self.items = self._items(root)
        self.answers = self._answers(root)
        self.code_of_qid = {qid: item["code"] for qid, item in self.items.items()}
        self.attributes: dict[str, dict[str, str]] = {}
        for row in _rows(root, "question_attributes"):
            values = self.attributes.setdefault(row.get("qid", "").strip(), {})
            if row.get("value", "").strip() and row.get("attribute") not in values:
                values[row.get("attribute", "")] = row["value"].strip()
        self.legacy_conditions: dict[str, list[dict]] = {}
        for row in _rows(root, "conditions"):
            self.legacy_conditions.setdefault(row.get("qid", "").strip(), []).append(row)
        self.extras = {name for name in ("quota", "assessments") if _rows(root, name)}

    @staticmethod
    def _localised(rows, id_name: str, fields: tuple[str, ...]) -> dict[str, dict]:
        texts: dict[str, dict] = {}
        for row in rows:
            if "language" in row:
                texts.setdefault(row.get(id_name, "").strip(), {})[row["language"].strip()] = \
                    tuple(row.get(name, "") for name in fields)
        return texts

    def _groups(self, root) -> list[dict]:
        rows = _rows(root, "groups")
        texts = self._localised(rows + _rows(root, "group_l10ns"), "gid",
                                ("group_name", "description"))
        groups = {}
        for row in rows:
            gid = row.get("gid", "").strip()
            groups.setdefault(gid, {"gid": gid, "order": _number(row.get("group_order")),
                                    "relevance": row.get("grelevance", ""),
                                    "texts": texts.get(gid, {})})
        return sorted(groups.values(), key=lambda g: (g["order"], _number(g["gid"])))

    def _items(self, root) -> dict[str, dict]:
        rows = _rows(root, "questions") + _rows(root, "subquestions")
        texts = self._localised(rows + _rows(root, "question_l10ns"), "qid", ("question", "help"))
        items: dict[str, dict] = {}
        for row in rows:
            qid = row.get("qid", "").strip()
            items.setdefault(qid, {
                "qid": qid, "parent": row.get("parent_qid", "0").strip() or "0",
                "gid": row.get("gid", "").strip(), "type": row.get("type", "").strip(),
                "code": row.get("title", "").strip() or f"q{qid}",
                "order": _number(row.get("question_order")),
                "scale": _number(row.get("scale_id")),
                "mandatory": row.get("mandatory", "").strip().upper(),
                "other": row.get("other", "").strip().upper() == "Y",
                "relevance": row.get("relevance", ""), "preg": row.get("preg", "").strip(),
                "texts": texts.get(qid, {})})
        return items

    def _answers(self, root) -> dict[str, list[dict]]:
        rows = _rows(root, "answers")
        by_aid = self._localised(_rows(root, "answer_l10ns"), "aid", ("answer",))
        answers: dict[tuple, dict] = {}
        for row in rows:
            qid, code = row.get("qid", "").strip(), row.get("code", "").strip()
            key = (qid, _number(row.get("scale_id")), code)
            answer = answers.setdefault(key, {
                "qid": qid, "code": code, "scale": key[1],
                "order": _number(row.get("sortorder")), "texts": {}})
            if "language" in row:
                answer["texts"][row["language"].strip()] = row.get("answer", "")
            else:
                answer["texts"].update({lang: text[0] for lang, text in
                                        by_aid.get(row.get("aid", "").strip(), {}).items()})
        by_question: dict[str, list[dict]] = {}
        for answer in sorted(answers.values(), key=lambda a: (a["scale"], a["order"])):
            by_question.setdefault(answer["qid"], []).append(answer)
        return by_question

    def _ordered(self, found) -> list[dict]:
        return sorted(found, key=lambda item: (item["order"], _number(item["qid"])))

    def questions_of(self, gid: str) -> list[dict]:
        return self._ordered(i for i in self.items.values()
                             if i["gid"] == gid and i["parent"] == "0")

    def subquestions(self, qid: str, scale: int = 0) -> list[dict]:
        return self._ordered(i for i in self.items.values()
                             if i["parent"] == qid and i["scale"] == scale)


# --- texts ------------------------------------------------------------------------------------


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, _attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCK_TAGS and tag != "br":  # <br /> ends nothing: one line break
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def plain_text(html: str, one_line: bool = False) -> str:
    """HTML as plain text: tags dropped, entities resolved, paragraphs kept as lines."""
    parser = _TextOnly()
    parser.feed(html or "")
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs"))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if one_line:
        text = " ".join(text.split())
    return MARKUP_RE.sub("< ", text)
