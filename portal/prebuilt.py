"""Downloads made ahead of time: the open data package and the 360Giving file.

Both hold the whole published registry, too much to make while a visitor waits. They are built
off the request path into DOWNLOADS_ROOT, once per data version and language, by
`manage.py build_downloads` (which `make setup` runs), and again after the data changes: a
change, once committed, starts the command in the background; so does a request that finds the
files older than the data. One build runs at a time (a lock file); it waits a little for the
changes to settle, and builds again if the data moved meanwhile. Until a new build is ready,
the last one is served, saying so. Files are sent as they are, with an ETag (their SHA-256),
so a client that has one gets 304.
"""

import datetime
import fcntl
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from core.cache import data_version
from portal.opendata import write_data_package, write_giving

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kind:
    name: str  # in file names and addresses
    suffix: str
    content_type: str
    binary: bool
    write: object  # target -> None


KINDS = {
    "data-package": Kind("torch-portal-data", "zip", "application/zip", True, write_data_package),
    "giving": Kind("innofund-360giving", "csv", "text/csv; charset=utf-8", False, write_giving),
}


def root() -> Path:
    return Path(settings.DOWNLOADS_ROOT)


def manifest() -> dict:
    """What the last build made: {"version", "built_at", "files": {"<kind>:<language>": {...}}}."""
    try:
        return json.loads((root() / "built.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


@dataclass(frozen=True)
class Built:
    path: Path
    filename: str
    sha256: str
    size: int
    built_at: datetime.datetime
    version: int
    current: bool  # built from the data as it is now


def built(kind: str, language: str) -> Built | None:
    """The file a download serves, if one was ever built."""
    made = manifest()
    info = made.get("files", {}).get(f"{kind}:{language}")
    if not info or not (root() / info["path"]).exists():
        return None
    built_at = datetime.datetime.fromisoformat(made["built_at"])
    name = KINDS[kind]
    return Built(
        path=root() / info["path"],
        filename=f"{name.name}-{built_at.date().isoformat()}.{name.suffix}",
        sha256=info["sha256"],
        size=info["size"],
        built_at=built_at,
        version=made["version"],
        current=made["version"] == data_version(),
    )


class Lock:
    """The build's lock file: one build at a time, in every process on this machine (or a
    lock of the same kind in another folder)."""

    def __init__(self, folder: Path | None = None):
        folder = folder or root()
        folder.mkdir(parents=True, exist_ok=True)
        self.handle = open(folder / ".lock", "w")  # noqa: SIM115 (held until release)

    def acquire(self) -> bool:
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            self.handle.close()
            return False

    def release(self) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def build(force: bool = False, settle: float = 0) -> int | None:
    """Build the files for the current data version (unless they exist, or force), in every
    language; after `settle` seconds without a change, and again while the data moves. Returns
    the version built, or None if another build holds the lock or nothing was needed."""
    lock = Lock()
    if not lock.acquire():
        return None
    try:
        made = None
        while True:
            version = data_version()
            if settle:
                time.sleep(settle)
                if data_version() != version:
                    continue  # still changing: wait again
            if not force and manifest().get("version") == version:
                return made
            _build_version(version)
            made, force = version, False
            if data_version() == version:
                return made
    finally:
        lock.release()


def _build_version(version: int) -> None:
    folder = root() / f"v{version}"
    building = root() / f"building-v{version}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    files = {}
    for key, kind in KINDS.items():
        for language, _name in settings.LANGUAGES:
            filename = f"{kind.name}-{language}.{kind.suffix}"
            with translation.override(language):
                if kind.binary:
                    kind.write(building / filename)
                else:
                    with open(building / filename, "w", encoding="utf-8", newline="") as handle:
                        kind.write(handle)
            files[f"{key}:{language}"] = {
                "path": f"{folder.name}/{filename}",
                "sha256": sha256(building / filename),
                "size": (building / filename).stat().st_size,
            }
    shutil.rmtree(folder, ignore_errors=True)
    building.rename(folder)
    made = {"version": version, "built_at": timezone.now().isoformat(), "files": files}
    temporary = root() / "built.json.new"
    temporary.write_text(json.dumps(made, indent=2), encoding="utf-8")
    os.replace(temporary, root() / "built.json")
    for old in root().glob("v*"):  # an older build may still be being sent: Linux keeps it
        if old != folder and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    logger.info("Downloads built for data version %s", version)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def building() -> bool:
    """Whether a build holds the lock now."""
    lock = Lock()
    if lock.acquire():
        lock.release()
        return False
    return True


def start_build() -> None:
    """Start `manage.py build_downloads` in the background, unless one runs already."""
    if not settings.DOWNLOADS_BUILD_AFTER_CHANGES or building():
        return
    run_in_background(
        ["build_downloads", "--settle", str(settings.DOWNLOADS_SETTLE_SECONDS)],
        root() / "build.log",
    )


def run_in_background(command: list[str], log_path: Path) -> None:
    """Start `manage.py <command>` apart from the web server, its output added to log_path: work
    that takes minutes at national scale must not hold a request."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "a") as log:  # the child keeps its own copy of the file open
        subprocess.Popen(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *command],
            cwd=settings.BASE_DIR,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,  # not the web server's to wait for
        )


def rebuild_after_change(**kwargs) -> None:
    """The data moved: once the change is committed, build the downloads again."""
    if settings.DOWNLOADS_BUILD_AFTER_CHANGES:
        transaction.on_commit(start_build)
