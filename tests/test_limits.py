"""Bounded inputs: import files, query strings and request bodies past a limit are refused with a
sentence saying the limit, before they are read, and nothing is written."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zones.models import Zone

IMPORT = reverse("admin:zones_zone_import")


def upload(admin_client, name: str, content: bytes, content_type="text/csv"):
    return admin_client.post(
        IMPORT, {"import_file": SimpleUploadedFile(name, content, content_type), "format": "0"}
    )


def zones_csv(rows: int, name: str = "Zone") -> bytes:
    lines = ["slug,name,kind,province,source"]
    lines += [f"zone-{n},{name} {n},stip,110000,test-source" for n in range(rows)]
    return "\n".join(lines).encode()


def test_an_import_file_over_the_size_limit_is_refused_unread(admin_client, source, settings):
    settings.IMPORT_MAX_BYTES = 1024
    response = upload(admin_client, "zones.csv", zones_csv(100))
    page = response.content.decode()
    assert "The file is" in page and "an import may be at most" in page
    assert not Zone.objects.exists()


def test_an_import_over_the_row_limit_is_refused(admin_client, source, settings):
    settings.IMPORT_MAX_ROWS = 10
    response = upload(admin_client, "zones.csv", zones_csv(11))
    assert "an import may have at most 10. Split it." in response.content.decode()
    assert not Zone.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_unzipped(admin_client, source, settings):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 1024 * 1024
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * (20 * 1024 * 1024) + b">")
    assert len(bomb.getvalue()) < 100_000  # small to send, 20 MB to unzip
    response = upload(admin_client, "zones.xlsx", bomb.getvalue(), "application/octet-stream")
    page = response.content.decode()
    assert "would unzip to 20 MB; at most 1 MB is read" in page
    assert not Zone.objects.exists()


def test_an_xlsx_over_the_row_limit_is_refused_from_its_own_size(admin_client, source, settings):
    settings.IMPORT_MAX_ROWS = 5
    book = openpyxl.Workbook()
    sheet = book.active
    for row in zones_csv(8).decode().splitlines():
        sheet.append(row.split(","))
    content = io.BytesIO()
    book.save(content)
    response = upload(admin_client, "zones.xlsx", content.getvalue(), "application/octet-stream")
    assert "an import may have at most 5. Split it." in response.content.decode()


def test_a_cell_over_the_length_limit_is_named_by_row_and_column(admin_client, source, settings):
    settings.IMPORT_MAX_CELL_CHARS = 50
    content = zones_csv(3).decode().splitlines()
    content[2] = content[2].replace("Zone 1", "Z" * 60)
    response = upload(admin_client, "zones.csv", "\n".join(content).encode())
    page = response.content.decode()
    assert "row 3, column &quot;name&quot;: 60 characters; at most 50" in page or (
        'row 3, column "name": 60 characters; at most 50' in page
    )
    assert not Zone.objects.exists()


def test_a_long_query_string_gets_a_short_414(client, db):
    response = client.get("/zones/", QUERY_STRING="q=" + "x" * (1024 * 1024))
    assert response.status_code == 414
    assert len(response.content) < 500  # not a page that repeats it
    assert b"at most 8,192 bytes" in response.content
    assert client.get("/zones/", QUERY_STRING="q=" + "x" * 8000).status_code == 200


@pytest.mark.parametrize(("path", "size", "status"), [
    ("/search/", 100 * 1024, 413),            # the public site takes small bodies only
    ("/admin/login/", 100 * 1024, 200),       # the admin takes an import file
    ("/admin/login/", 12 * 1024 * 1024, 413),
])  # fmt: skip
def test_request_bodies_are_bounded(client, db, path, size, status):
    response = client.generic("POST", path, b"x" * size, content_type="application/octet-stream")
    assert response.status_code == status
