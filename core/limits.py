"""Bounded inputs: no request may hold a worker or its memory for long, whoever sends it.

A query string over MAX_QUERY_STRING_BYTES gets a short 414 page (a page that repeated it would be
many times its size); a request body over PUBLIC_MAX_BODY_BYTES outside the admin, or over
ADMIN_MAX_BODY_BYTES in it, gets 413 before it is read. Import files are checked before they are
parsed: size, rows, an XLSX's unzipped size (a zip bomb), and each cell's length."""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def short_page(status: int, sentence: str) -> HttpResponse:
    """A page that says what was refused in one sentence, whatever came in."""
    body = (
        f'<!doctype html><html lang="en"><meta charset="utf-8"><title>{status}</title>'
        f"<h1>{status}</h1><p>{sentence}</p></html>"
    )
    response = HttpResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_PATH

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if len(query.encode()) > settings.MAX_QUERY_STRING_BYTES:
            return short_page(
                414,
                gettext("The address is too long: its query may be at most %(limit)s bytes.")
                % {"limit": f"{settings.MAX_QUERY_STRING_BYTES:,}"},
            )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        in_admin = request.path.startswith(self.admin_prefix)
        limit = settings.ADMIN_MAX_BODY_BYTES if in_admin else settings.PUBLIC_MAX_BODY_BYTES
        if length > limit:
            return short_page(
                413,
                gettext("What was sent is too large: at most %(limit)s bytes here.")
                % {"limit": f"{limit:,}"},
            )
        return self.get_response(request)


def check_import_file(upload) -> None:
    """Refuse an import file past the limits before it is parsed, saying which limit."""
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; an import may be at most %(limit)s MB.")
            % {
                "size": f"{upload.size / 1048576:.1f}",
                "limit": f"{settings.IMPORT_MAX_BYTES / 1048576:g}",
            }
        )
    content = upload.read()
    upload.seek(0)
    is_xlsx = content[:2] == b"PK"  # a zip archive
    lines = xlsx_rows(content) if is_xlsx else content.count(b"\n") + (content[-1:] != b"\n")
    if lines - 1 > settings.IMPORT_MAX_ROWS:  # the first line is the header
        raise ValidationError(
            _("The file has about %(rows)s rows; an import may have at most %(limit)s. Split it.")
            % {"rows": f"{lines - 1:,}", "limit": f"{settings.IMPORT_MAX_ROWS:,}"}
        )


def xlsx_rows(content: bytes) -> int:
    """An XLSX's rows, from its sheets' own size, after checking what unzipping would make."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise ValidationError(_("This is not an XLSX file (it is not a zip archive).")) from None
    unzipped = sum(member.file_size for member in archive.infolist())
    if unzipped > settings.IMPORT_MAX_UNZIPPED_BYTES:
        raise ValidationError(
            _(
                "The XLSX file would unzip to %(size)s MB; at most %(limit)s MB is read. "
                "Save it as CSV, or split it."
            )
            % {
                "size": f"{unzipped / 1048576:,.0f}",
                "limit": f"{settings.IMPORT_MAX_UNZIPPED_BYTES / 1048576:g}",
            }  # fmt: skip
        )
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    try:
        return (
            max((sheet.max_row or 0) for sheet in workbook.worksheets) if workbook.worksheets else 0
        )
    finally:
        workbook.close()


def long_cells(dataset) -> list[str]:
    """'row N, column "name": 12,345 characters' for each cell over the limit."""
    limit, found = settings.IMPORT_MAX_CELL_CHARS, []
    for number, row in enumerate(dataset, start=2):
        for header, value in zip(dataset.headers or [], row, strict=False):
            if isinstance(value, str) and len(value) > limit:
                found.append(
                    gettext(
                        'row %(row)s, column "%(column)s": %(chars)s characters; at most %(limit)s'
                    )
                    % {
                        "row": number,
                        "column": header,
                        "chars": f"{len(value):,}",
                        "limit": f"{limit:,}",
                    }
                )
    return found
