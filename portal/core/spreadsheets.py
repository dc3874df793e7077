"""Tables downloaded for spreadsheet programs: XLSX (through XlsxWriter) and a CSV that
French and English spreadsheet programs open as they are.

Every text cell is neutralised: a value that would start a cell with a formula sign
("=2+5", "@SUM", "-1+1") is kept as text, never run, however the program splits it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

import xlsxwriter
from babel.numbers import format_decimal, get_decimal_symbol
from flask import Response

Cell = str | int | float | date | datetime | None

# A cell starting with one of these is a formula to Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Where a spreadsheet program may split a line into cells: the separator it expects for
# the reader's locale (French Excel splits on ";"), whatever the file uses.
_SEPARATORS = re.compile(r"([,;\t|])")


def neutralise(value: object) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula, however it splits
    the line: every piece that would start a cell with a formula sign gets a leading
    apostrophe ("Jane;=2+5" becomes "Jane;'=2+5")."""
    text = "" if value is None else str(value)
    pieces = _SEPARATORS.split(text)
    for index in range(0, len(pieces), 2):  # the text between separators
        stripped = pieces[index].lstrip(" \"'")
        if stripped.startswith(FORMULA_STARTS) and not pieces[index].startswith("'"):
            pieces[index] = "'" + pieces[index]
    return "".join(pieces)


def csv_separator(locale: str) -> str:
    """The field separator a spreadsheet program expects where the decimal mark is a
    comma (French: ";"), else a comma."""
    return ";" if get_decimal_symbol(locale) == "," else ","


def _csv_cell(value: Cell, locale: str) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_decimal(value, format="0.##", locale=locale)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(value)


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, locale: str) -> bytes:
    """UTF-8 with a byte-order mark (so that accents read right), every field quoted,
    the separator and decimal mark of `locale`."""
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=csv_separator(locale), lineterminator="\r\n", quoting=csv.QUOTE_ALL
    )
    writer.writerow([neutralise(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_cell(value, locale) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet: str) -> bytes:
    """An Excel workbook of one sheet: text stays text (written as strings, never parsed
    as formulas), numbers and dates keep their type, so the reader's program shows them
    in its own format. Rows are streamed to disk (`constant_memory`)."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output,
        {
            "constant_memory": True,
            "in_memory": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    worksheet = workbook.add_worksheet(_sheet_name(sheet))
    bold = workbook.add_format({"bold": True})
    when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    for column, header in enumerate(headers):
        worksheet.write_string(0, column, str(header), bold)
    worksheet.freeze_panes(1, 0)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                worksheet.write_string(number, column, str(value))
            elif isinstance(value, int | float):
                worksheet.write_number(number, column, value)
            elif isinstance(value, datetime):
                worksheet.write_datetime(number, column, value, when)
            elif isinstance(value, date):
                worksheet.write_datetime(number, column, value, day)
            else:
                text = neutralise(value)[:32_000]  # a cell holds at most 32,767 characters
                worksheet.write_string(number, column, text, wrap if "\n" in text else None)
    worksheet.set_column(0, max(len(headers) - 1, 0), 22)
    workbook.close()
    return output.getvalue()


def _sheet_name(name: str) -> str:
    """Excel refuses []:*?/\\ in a sheet name and more than 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "Sheet1"


MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def spreadsheet_response(
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    file_format: str,
    name: str,
    sheet: str,
    locale: str,
) -> Response:
    """A download of the table as `name`.csv or `name`.xlsx, never cached."""
    if file_format == "xlsx":
        body = xlsx_bytes(headers, rows, sheet=sheet)
    else:
        body = csv_bytes(headers, rows, locale=locale)
    response = Response(body, mimetype=MIMETYPES[file_format])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
