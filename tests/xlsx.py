"""Read an XLSX file back with zipfile and ElementTree: what a spreadsheet will see.

Each cell comes back with its stored type ("s" shared string, "inlineStr", "str" formula
result, "n" number, "b" boolean) and whether the file holds a formula for it.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass(frozen=True)
class XlsxCell:
    kind: str
    value: str
    formula: bool


def _xml(data: bytes):
    return ElementTree.fromstring(data)  # noqa: S314  (files this test suite made itself)


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{{{NS['m']}}}t"))


def _column(reference: str) -> int:
    letters = re.match(r"[A-Z]+", reference).group(0)
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1


def read_xlsx(content: bytes) -> dict[str, list[list[XlsxCell | None]]]:
    """Sheet name → rows → cells (None where a row has no cell)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = set(archive.namelist())
    shared = []
    if "xl/sharedStrings.xml" in names:
        root = _xml(archive.read("xl/sharedStrings.xml"))
        shared = [_text(item) for item in root.findall("m:si", NS)]
    workbook = _xml(archive.read("xl/workbook.xml"))
    relations = _xml(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target")
               for rel in relations.iter(f"{REL_NS}Relationship")}
    sheets = {}
    for sheet in workbook.find("m:sheets", NS):
        target = targets[sheet.get(f"{{{NS['r']}}}id")].lstrip("/")
        path = target if target.startswith("xl/") else f"xl/{target}"
        root = _xml(archive.read(path))
        rows = []
        for row in root.iter(f"{{{NS['m']}}}row"):
            cells: list[XlsxCell | None] = []
            for cell in row.findall("m:c", NS):
                index = _column(cell.get("r"))
                cells.extend([None] * (index + 1 - len(cells)))
                kind = cell.get("t", "n")
                value_element = cell.find("m:v", NS)
                raw = value_element.text if value_element is not None else ""
                if kind == "s":
                    value = shared[int(raw)]
                elif kind == "inlineStr":
                    value = _text(cell.find("m:is", NS))
                else:
                    value = raw or ""
                cells[index] = XlsxCell(kind, value, cell.find("m:f", NS) is not None)
            rows.append(cells)
        sheets[sheet.get("name")] = rows
    return sheets


def unescape_xlsx(text: str) -> str:
    """Undo the _xHHHH_ escapes XLSX uses for control characters such as a tab."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)
