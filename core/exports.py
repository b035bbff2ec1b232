"""Downloads of what a directory shows: CSV (UTF-8 with a BOM, so Excel reads Chinese names) and
XLSX. Text a spreadsheet would run as a formula is neutralised."""

import csv
import datetime
import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import pgettext

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Text that would start a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell(value):
    if value is None:
        return ""
    if isinstance(value, (int, float)) or hasattr(value, "as_tuple"):  # Decimal
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return neutralise(str(value))


def csv_response(rows: Iterable[list], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return response


def xlsx_cell(value):
    """A cell as a worksheet may hold it: control characters (a pasted vertical tab, an escape)
    are not allowed in XLSX, so each becomes U+FFFD, the replacement character."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = cell(value)
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def xlsx_response(
    rows: Iterable[list], filename: str, about: list[tuple[str, str]]
) -> HttpResponse:
    """The rows on a first sheet; on a second, what the download is and where it came from."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    data = book.create_sheet(filename[:31])
    for row in rows:
        data.append([xlsx_cell(value) for value in row])
    sheet = book.create_sheet(pgettext("the name of a spreadsheet's second sheet", "About"))
    for label, text in about:
        sheet.append([xlsx_cell(label), xlsx_cell(text)])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def download_name(base: str) -> str:
    return f"{base}-{timezone.localdate().isoformat()}"
