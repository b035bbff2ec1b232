"""Downloads of what a directory shows: CSV (UTF-8 with a BOM, so Excel reads Chinese names) and
XLSX. Text a spreadsheet would run as a formula is neutralised.

A directory's CSV streams: rows are read through a database cursor and sent as they are
written, so the whole of 500,000 companies never sits in memory, and the first bytes leave at
once. A download works in short batches and rests between them, so that the pages served
beside it stay quick; at most DOWNLOADS_AT_ONCE run in a process, and the next is told to come
back (503). While one runs, the process's threads take turns more often (every
SWITCH_SECONDS rather than Python's 5 ms), so that a page's thread, which gives up Python's lock
at each query, is not kept waiting 5 ms for it each time by a download's thread. XLSX, which
must be finished before it is sent, is made in openpyxl's write-only mode into a temporary
file, for at most XLSX_ROW_LIMIT rows.
"""

import csv
import datetime
import io
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import transaction
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import pgettext

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BATCH_ROWS = 1000
SWITCH_SECONDS = 0.0005


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


def csv_text(rows: Iterable[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue()


def attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(rows: Iterable[list], filename: str) -> HttpResponse:
    """A small CSV (a chart's numbers), made whole."""
    response = HttpResponse("\ufeff" + csv_text(rows), content_type="text/csv; charset=utf-8")
    return attachment(response, f"{filename}.csv")


class DownloadSlots:
    """How many downloads this process makes at once (DOWNLOADS_AT_ONCE); while any runs,
    its threads switch every SWITCH_SECONDS."""

    def __init__(self):
        self._lock = threading.Lock()
        self.running = 0
        self._switch_interval = sys.getswitchinterval()

    def take(self) -> "Slot | None":
        with self._lock:
            if self.running >= settings.DOWNLOADS_AT_ONCE:
                return None
            if not self.running:
                self._switch_interval = sys.getswitchinterval()
                sys.setswitchinterval(SWITCH_SECONDS)
            self.running += 1
            return Slot(self)

    def _give_back(self) -> None:
        with self._lock:
            self.running -= 1
            if not self.running:
                sys.setswitchinterval(self._switch_interval)


class Slot:
    """One download's place; given back once, however its download ends."""

    def __init__(self, slots: DownloadSlots):
        self._slots, self._held = slots, True

    def give_back(self) -> None:
        if self._held:
            self._held = False
            self._slots._give_back()

    def hold_until_closed(self, response):
        """Give the slot back when the server closes the response (sent, or the client gone)
        or, failing that, when the response is thrown away unsent."""
        response._resource_closers.append(self.give_back)
        weakref.finalize(response, self.give_back)
        return response


slots = DownloadSlots()


def paced(batches: Iterable[str]) -> Iterator[str]:
    """Each batch as it is made, with a rest after it in proportion to the work it took
    (DOWNLOAD_REST: 3 rests three times as long as it worked), so that a long download leaves
    the server's time to the pages."""
    started = time.perf_counter()
    for batch in batches:
        yield batch
        time.sleep((time.perf_counter() - started) * settings.DOWNLOAD_REST)
        started = time.perf_counter()


def csv_batches(rows: Iterable[list]) -> Iterator[str]:
    yield "\ufeff"
    # In a transaction, PostgreSQL's cursor hands rows over as they are read; outside one
    # (WITH HOLD) it would first make the whole result.
    with transaction.atomic():
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH_ROWS:
                yield csv_text(batch)
                batch = []
        if batch:
            yield csv_text(batch)


def csv_stream(rows: Iterable[list], filename: str, slot: Slot) -> StreamingHttpResponse:
    """A CSV sent while it is written, in the download slot given (slots.take())."""
    response = StreamingHttpResponse(
        paced(csv_batches(rows)), content_type="text/csv; charset=utf-8"
    )
    return slot.hold_until_closed(attachment(response, f"{filename}.csv"))


def _in_transaction(rows: Iterable[list]) -> Iterator[list]:
    with transaction.atomic():
        yield from rows


def xlsx_cell(value):
    """A cell as a worksheet may hold it: control characters (a pasted vertical tab, an escape)
    are not allowed in XLSX, so each becomes U+FFFD, the replacement character."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = cell(value)
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def xlsx_file(
    rows: Iterable[list], filename: str, about: list[tuple[str, str]], slot: Slot
) -> FileResponse:
    """The rows on a first sheet; on a second, what the download is and where it came from.
    Written row by row to a temporary file (openpyxl's write-only mode), then sent from it, in
    the download slot given (slots.take()), which is free again once the file is made."""
    from openpyxl import Workbook

    try:
        book = Workbook(write_only=True)
        rows = _in_transaction(rows)
        data = book.create_sheet(filename[:31])
        started = time.perf_counter()
        for number, row in enumerate(rows, start=1):
            data.append([xlsx_cell(value) for value in row])
            if number % BATCH_ROWS == 0:  # rest between batches, as a CSV does
                time.sleep((time.perf_counter() - started) * settings.DOWNLOAD_REST)
                started = time.perf_counter()
        sheet = book.create_sheet(pgettext("the name of a spreadsheet's second sheet", "About"))
        for label, text in about:
            sheet.append([xlsx_cell(label), xlsx_cell(text)])
        handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it when sent)
        book.save(handle)
    finally:
        slot.give_back()
    handle.seek(0)
    response = FileResponse(handle, content_type=XLSX_TYPE)
    return attachment(response, f"{filename}.xlsx")


def download_name(base: str) -> str:
    return f"{base}-{timezone.localdate().isoformat()}"
