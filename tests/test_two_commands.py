"""The README's first command on a fresh clone: set up, load the documents, serve the portal.

It runs the Makefile in a clone of the committed HEAD, reusing this test run's virtual
environment (CI itself runs both commands in a clone with a new one).
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    if not (REPO / ".git").exists():
        pytest.skip("Not a git checkout.")
    target = tmp_path_factory.mktemp("fresh") / "torchportal"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(target)], check=True)
    return target


def make(clone: Path, *targets: str, **extra) -> subprocess.CompletedProcess:
    return subprocess.run(["make", *make_arguments(), *targets], **run_options(clone), **extra)


def make_arguments() -> list[str]:
    venv = sys.prefix
    # -o: take this environment as installed, so the clone does not build one of its own.
    return ["--no-print-directory", f"VENV={venv}", "-o", f"{venv}/.run-installed"]


def run_options(clone: Path) -> dict:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))
    }
    return {"cwd": clone, "env": environment, "capture_output": True, "text": True}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_setup_loads_the_documents_and_creates_the_admin_once(clone):
    first = make(clone, "setup")
    assert first.returncode == 0, first.stderr
    assert "zones: 97 created" in first.stdout  # 57 from the documents, 40 from later pages
    assert "Created the local admin account" in first.stdout
    assert (clone / "var" / "torchportal.sqlite3").exists()

    again = make(clone, "setup")
    assert again.returncode == 0, again.stderr
    assert "zones: 0 created, 0 updated, 97 unchanged" in again.stdout
    assert "An admin account exists already" in again.stdout
    assert "Created the local admin account" not in again.stdout


def test_run_serves_the_portal_and_the_admin(clone):
    port = free_port()
    server = subprocess.Popen(
        ["make", *make_arguments(), "run", f"PORT={port}"],
        cwd=clone,
        env=run_options(clone)["env"],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        home = fetch(f"http://127.0.0.1:{port}/")
        assert re.search(r"holds \d+ national STIPs", home)
        assert "Log in" in fetch(f"http://127.0.0.1:{port}/admin/login/")
        assert "DJANGO Admin styles" in fetch(f"http://127.0.0.1:{port}/static/admin/css/base.css")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def fetch(url: str, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
