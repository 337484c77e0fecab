"""LimeSurvey files for tests: the fixtures, and small surveys written on the spot.

The LimeSurvey project's own test surveys (tests/fixtures/limesurvey/README.md) are mostly in
English only; `as_german` relabels their language code so that they pass the German
requirement, their texts unchanged.
"""

import re
from pathlib import Path

from participation.builder import limesurvey

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "limesurvey"
OWN = "musterstadt_de_en.lss"
FROM_LIMESURVEY = sorted(p.name for p in FIXTURES.glob("*.lss") if p.name != OWN)
NO_GERMAN = "Die Umfrage hat keine deutsche Fassung"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def as_german(raw: bytes) -> bytes:
    """The same survey with English declared as German (the texts stay as they are)."""
    return re.sub(rb"(<(?:language|surveyls_language)>(?:<!\[CDATA\[)?)en(?=\]\]>|<)",
                  rb"\1de", raw)


def importable(name: str) -> bytes:
    raw = fixture(name)
    return raw if b"[CDATA[de]]" in raw else as_german(raw)


def converted(raw: bytes) -> tuple[dict, list[str]]:
    document, report = limesurvey.convert(raw)
    assert document is not None, report
    return document, report


def by_key(document: dict) -> dict[str, dict]:
    return {entry["key"]: entry for entry in document["questions"]}


# --- a small survey in the LimeSurvey 2.x layout (texts in the rows), for single cases -------


def _cells(row: dict) -> str:
    return "".join(f"<{name}><![CDATA[{value}]]></{name}>" for name, value in row.items())


def _table(name: str, rows: list[dict]) -> str:
    return f"<{name}><rows>" + "".join(f"<row>{_cells(r)}</row>" for r in rows) + \
        f"</rows></{name}>"


def question(qid: int, kind: str, code: str, text: str = "Frage", **more) -> dict:
    return {"qid": qid, "parent_qid": 0, "gid": 1, "type": kind, "title": code,
            "question": text, "help": "", "other": "N", "mandatory": "N",
            "question_order": qid, "scale_id": 0, "relevance": "1", **more}


def sub(qid: int, parent: int, code: str, text: str, scale: int = 0) -> dict:
    return question(qid, "T", code, text, parent_qid=parent, scale_id=scale)


def answer(qid: int, code: str, text: str, order: int, scale: int = 0) -> dict:
    return {"qid": qid, "code": code, "answer": text, "sortorder": order, "scale_id": scale}


def survey(questions: list[dict], *, languages=("de",), answers=(), attributes=(),
           conditions=(), grelevance="1", title="Testumfrage") -> bytes:
    """A .lss file: every text in every language (English ones marked as such)."""
    def each(rows):
        return [{**row, "language": lang,
                 **({"question": f"{row['question']} (en)"} if lang == "en" and "question" in row
                    else {})} for row in rows for lang in languages]
    groups = each([{"gid": 1, "group_name": "Gruppe", "group_order": 1, "description": "",
                    "grelevance": grelevance}])
    parts = [
        "<document><LimeSurveyDocType>Survey</LimeSurveyDocType><DBVersion>359</DBVersion>",
        _table("answers", each(list(answers))), _table("groups", groups),
        _table("questions", each([q for q in questions if q["parent_qid"] == 0])),
        _table("subquestions", each([q for q in questions if q["parent_qid"] != 0])),
        _table("question_attributes", [{"qid": q, "attribute": a, "value": v}
                                       for q, a, v in attributes]),
        _table("conditions", list(conditions)),
        _table("surveys", [{"sid": "4711", "language": languages[0],
                            "additional_languages": " ".join(languages[1:])}]),
        _table("surveys_languagesettings", [{"surveyls_language": lang,
                                             "surveyls_title": title} for lang in languages]),
        "</document>"]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(parts)).encode()
