"""Numbered, dated releases of the published data, each kept for good.

A release is the open data package (portal/opendata.py) written once to RELEASES_DIR/<number>/
and never again: a citation names a release, and its file is the data as cited. A release is
made only when the published data changed since the last one. Whether it did is decided in two
steps: while the data version has not moved since the last release (or since the last check
that found nothing new), nothing did; otherwise the package is written and its tables'
fingerprint compared with the last release's, which is exact (drafts and history move the data
version but change no published table). What changed, table by table, is found by reading the
last release's package beside the new one, record by record (by natural key).

One release is made at a time: a lock file on this machine, and the release number's
uniqueness in the database across machines (the loser of a race finds nothing new and stops).
The package's descriptions are in English: one file a release, one checksum to cite.
"""

import csv
import datetime
import hashlib
import io
import logging
import os
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from core.cache import data_changed, kept, read_data_version
from core.citation import CitedRelease
from core.registry import entries
from portal.models import Release
from portal.opendata import write_data_package
from portal.prebuilt import Lock, run_in_background, sha256

logger = logging.getLogger(__name__)

LISTED = 20  # records named for each table and kind of change; the rest are counted
PACKAGE_LANGUAGE = "en"
ATTEMPTS = 3


class Busy(Exception):
    """Another release is being made on this machine now."""


@dataclass(frozen=True)
class Outcome:
    release: Release | None  # the release made, or None: nothing changed
    last: Release | None  # the latest release before


def folder() -> Path:
    return Path(settings.RELEASES_DIR)


def make_release(user=None) -> Outcome:
    """Release the published data if it changed since the last release. Raises Busy while
    another release is being made on this machine."""
    lock = Lock(folder())
    if not lock.acquire():
        raise Busy
    try:
        for _attempt in range(ATTEMPTS):
            last = Release.objects.order_by("-number").first()
            version = current_version()
            if last is not None and last.data_version == version:
                return Outcome(None, last)
            made = _try_release(last, version, user)
            if made is not None:
                return made
        return Outcome(None, Release.objects.order_by("-number").first())
    finally:
        lock.release()


def start_release(user) -> None:
    """Make a release apart from the web server (`manage.py release_data`), for a reviewer."""
    run_in_background(["release_data", "--by", user.get_username()], folder() / "release.log")


def _try_release(last: Release | None, version: int, user) -> Outcome | None:
    """One attempt: None when another server released meanwhile (try again)."""
    temporary = folder() / f".building-{uuid.uuid4().hex}.zip"
    try:
        with translation.override(PACKAGE_LANGUAGE):
            write_data_package(temporary)
        fingerprint = package_fingerprint(temporary)
        if last is not None and fingerprint == last.fingerprint:
            # Nothing published changed: remember that this data version holds it.
            Release.objects.filter(pk=last.pk, data_version__lt=version).update(
                data_version=version
            )
            return Outcome(None, last)
        changes = what_changed(last.path if last else None, temporary)
        number = last.number + 1 if last else 1
        filename = f"torch-portal-data-release-{number}.zip"
        try:
            with transaction.atomic():
                release = Release.objects.create(
                    number=number,
                    released_at=timezone.now(),
                    released_by=user,
                    filename=filename,
                    sha256=sha256(temporary),
                    size=temporary.stat().st_size,
                    fingerprint=fingerprint,
                    data_version=version,
                    changes=changes,
                )
                # A change made while the package was written may not be in it: then the
                # release vouches only for the version read before, and the next check looks.
                moved = current_version() != version
                data_changed()  # cached pages name the latest release: they are stale now
                if not moved:
                    Release.objects.filter(pk=release.pk).update(data_version=current_version())
                release.path.parent.mkdir(parents=True, exist_ok=True)
                os.replace(temporary, release.path)
        except IntegrityError:
            return None  # that number was just taken
        release.refresh_from_db()
        logger.info("Released the published data as release %s", number)
        return Outcome(release, last)
    finally:
        temporary.unlink(missing_ok=True)


def current_version() -> int:
    """The data version as the database has it now (a request keeps the one it read first)."""
    return read_data_version()


def tables(package: Path):
    """(table name, CSV bytes) of each registry table in a package."""
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        for entry in entries():
            path = f"data/{entry.name}.csv"
            yield entry, archive.read(path) if path in names else b""


def package_fingerprint(package: Path) -> str:
    """The tables' contents (not the descriptor, which says when it was made)."""
    digest = hashlib.sha256()
    for entry, content in tables(package):
        digest.update(f"{entry.name}\n{len(content)}\n".encode())
        digest.update(content)
    return digest.hexdigest()


def records(entry, content: bytes) -> dict[str, tuple[str, bytes]]:
    """{natural key: (a name to show, the row's digest)} of one table's CSV."""
    reader = csv.reader(io.StringIO(content.decode("utf-8")))
    header = next(reader, None)
    if header is None:
        return {}
    key_columns = [header.index(part.split("__")[0]) for part in entry.model.NATURAL_KEY]
    name_column = next((header.index(name) for name in ("name", "title") if name in header), None)
    found = {}
    for row in reader:
        key = "/".join(row[index] for index in key_columns)
        name = row[name_column] if name_column is not None else ""
        found[key] = (name, hashlib.blake2b("\x1f".join(row).encode(), digest_size=8).digest())
    return found


def what_changed(before: Path | None, after: Path) -> dict:
    """Table by table, the records added, removed and changed from one package to the next:
    counted, and the first LISTED of each named by key (and name). The first release only
    counts what it holds."""
    old = {}
    if before is not None and before.exists():
        old = {entry.name: content for entry, content in tables(before)}
    result = []
    for entry, content in tables(after):
        new_records = records(entry, content)
        old_records = records(entry, old[entry.name]) if entry.name in old else {}
        added = sorted(new_records.keys() - old_records.keys())
        removed = sorted(old_records.keys() - new_records.keys())
        changed = sorted(
            key
            for key in new_records.keys() & old_records.keys()
            if new_records[key][1] != old_records[key][1]
        )
        if not (added or removed or changed):
            continue
        result.append(
            {
                "table": entry.name,
                **{
                    kind: {
                        "count": len(keys),
                        "records": [
                            {"key": key, "name": (source.get(key) or ("",))[0]}
                            for key in keys[: LISTED if before is not None else 0]
                        ],
                    }
                    for kind, keys, source in (
                        ("added", added, new_records),
                        ("removed", removed, old_records),
                        ("changed", changed, new_records),
                    )
                },
            }
        )
    return {"first": before is None, "tables": result}


def latest() -> tuple[int, str] | None:
    """The latest release's number and date (ISO), kept per data version (a release moves it)."""

    def find():
        release = Release.objects.order_by("-number").only("number", "released_at").first()
        if release is None:
            return None
        return release.number, timezone.localdate(release.released_at).isoformat()

    return kept("latest-release", find)


def cited(release: Release, request) -> CitedRelease:
    """A release as a citation names it."""
    return cited_number(release.number, timezone.localdate(release.released_at), request)


def cited_latest(request) -> CitedRelease | None:
    """The latest release as a citation names it (no query once the data version is known)."""
    found = latest()
    if found is None:
        return None
    number, date = found
    return cited_number(number, datetime.date.fromisoformat(date), request)


def cited_number(number: int, date: datetime.date, request) -> CitedRelease:
    return CitedRelease(
        number=number, date=date, url=request.build_absolute_uri(reverse("release", args=[number]))
    )


def changes_shown(changes: dict) -> list[dict]:
    """A release's changes, each table and kind of change named in the reader's language."""
    tables_named = {entry.name: entry.model._meta.verbose_name_plural for entry in entries()}
    kinds = {
        "added": gettext("Added"),
        "removed": gettext("Removed"),
        "changed": pgettext("records", "Changed"),
    }
    return [
        {
            "name": table["table"],
            "label": str(tables_named.get(table["table"], table["table"])).capitalize(),
            "kinds": [
                {
                    "label": label,
                    "unlisted": table[kind]["count"] - len(table[kind]["records"]),
                    **table[kind],
                }
                for kind, label in kinds.items()
                if table[kind]["count"]
            ],
        }
        for table in changes.get("tables", [])
    ]
