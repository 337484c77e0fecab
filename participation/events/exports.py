"""The attendee list of an event as CSV and XLSX: one row per sign-up, confirmed first, then
the waiting list in its order (cancelled sign-ups are left out).

Needs are columns only when the organiser chose them (manage_signups.py logs that view):
one column per need, 1 where the sign-up ticked it, so a spreadsheet can count them.

Every text a resident typed can open a spreadsheet formula ("=HYPERLINK(…)"): cells are
neutralised as in the answers export (results/exports.py: a leading single quote before
= + - @, tab or carriage return, also after a separator in CSV), and XLSX cells are written
as strings, never as formulas or links.
"""

import io

import xlsxwriter
from flask_babel import gettext as _

from participation.clock import LOCAL_ZONE, as_utc
from participation.events.models import NEEDS
from participation.events.roster import Roster
from participation.results.exports import csv_cell, neutralise, sheet_name

Cell = str | int | None


def header(needs: bool, need_labels: dict) -> list[str]:
    columns = [_("Status"), _("Platz auf der Warteliste"), _("Name"), _("Personen"),
               _("Weg der Anmeldung"), _("Telefon"), _("E-Mail"), _("Angemeldet am"),
               _("Anzurufen"), _("Angekommen")]
    if needs:
        columns += [str(need_labels[need]) for need in NEEDS]
    return columns


def rows(roster: Roster, needs: bool, labels: dict) -> list[list[Cell]]:
    """`labels`: the status and channel labels in the organiser's language."""
    found = []
    ordered = ([(s, None) for s in roster.confirmed]
               + [(s, n) for n, s in enumerate(roster.waiting, start=1)])
    for signup, position in ordered:
        row: list[Cell] = [
            str(labels[signup.status]), position, signup.name or "", signup.people,
            str(labels[signup.channel]), signup.phone or "", signup.email or "",
            as_utc(signup.created_at).astimezone(LOCAL_ZONE).strftime("%d.%m.%Y %H:%M"),
            1 if signup.to_call else 0, 1 if signup.checked_in_at else 0]
        if needs:
            ticked = set(signup.needs or ())
            row += [1 if need in ticked else 0 for need in NEEDS]
        found.append(row)
    return found


def to_csv(columns: list[str], body: list[list[Cell]]) -> bytes:
    """RFC 4180 with a byte-order mark, so spreadsheets read UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    for row in (columns, *body):
        buffer.write(",".join(csv_cell(value) for value in row) + "\r\n")
    return buffer.getvalue().encode("utf-8")


def to_xlsx(columns: list[str], body: list[list[Cell]], title: str) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False,
    })
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet(sheet_name(title))
    for column, label in enumerate(columns):
        sheet.write_string(0, column, neutralise(label), bold)
    sheet.set_column(0, len(columns) - 1, 18)
    sheet.freeze_panes(1, 0)
    for row_number, row in enumerate(body, start=1):
        for column, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(row_number, column, neutralise(value))
            elif value is not None:
                sheet.write_number(row_number, column, value)
    workbook.close()
    return buffer.getvalue()
