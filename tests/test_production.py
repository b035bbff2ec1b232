"""Production settings and defences: the deploy check, security headers, HTTPS, the admin's
lock-out, password and session rules, /healthz and the 503 page while the database is away."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import OperationalError, connections
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_PRODUCTION": "true",
    "DJANGO_SECRET_KEY": "a" * 20 + "-production-test-key-that-is-long-enough-" + "z" * 20,
    "DJANGO_ALLOWED_HOSTS": "torch.example.org",
}


def manage(*args, env=None, check=True):
    # A database of its own (SQLite makes the file), whatever the suite itself runs on.
    database = {"DATABASE_URL": f"sqlite:///{ROOT / 'var' / 'production-test.sqlite3'}"}
    environment = {**os.environ, **PRODUCTION, **database, **(env or {})}
    # Not production's: DEBUG, and the browser tests' permission for Playwright's event loop.
    for name in ("DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=check,
        timeout=300,
    )


def in_production(code: str, env=None) -> dict:
    """Run `code` in a fresh Django set up with production settings; it prints JSON."""
    result = manage("shell", "-c", code, env=env)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_deploy_check_passes_without_a_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_real_secret_key():
    for key in ["", "short", "django-insecure-" + "x" * 60]:
        result = manage("check", env={"DJANGO_SECRET_KEY": key}, check=False)
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_serves_https_only_with_hsts_and_secure_cookies():
    answers = in_production(
        """
import json
from django.test import Client
client = Client(HTTP_HOST="torch.example.org")
plain = client.get("/about-anything/")
secure = client.get("/ping", secure=True)
health = client.get("/healthz")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "hsts": secure.get("Strict-Transport-Security", ""),
    "health": health.status_code,
}))
"""
    )
    assert answers["plain"] == [301, "https://torch.example.org/about-anything/"]
    assert "max-age=31536000" in answers["hsts"] and "includeSubDomains" in answers["hsts"]
    assert answers["health"] == 200  # load balancers ask over plain HTTP inside the network
    cookies = in_production(
        "import json; from django.conf import settings as s; print(json.dumps("
        "[s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG]))"
    )
    assert cookies == [True, True, False]


def test_static_files_are_collected_hashed_and_compressed(tmp_path):
    manage("collectstatic", "--noinput", env={"DJANGO_STATIC_ROOT": str(tmp_path)})
    css = list((tmp_path / "css").glob("site.*.css"))
    assert any(path.name.count(".") == 2 for path in css), "a content-hashed name"
    assert list((tmp_path / "css").glob("site.*.css.gz")), "a compressed copy"
    served = in_production(
        """
import json
from django.templatetags.static import static
from django.test import Client
url = static("css/site.css")
response = Client(HTTP_HOST="torch.example.org").get(url, secure=True)
print(json.dumps([url, response.status_code, response.get("Cache-Control", "")]))
""",
        env={"DJANGO_STATIC_ROOT": str(tmp_path)},
    )
    url, status, cache_control = served
    assert url != "/static/css/site.css" and status == 200 and "immutable" in cache_control


def test_the_admin_path_is_configurable():
    paths = in_production(
        "import json; from django.urls import reverse; print(json.dumps(reverse('admin:index')))",
        env={"DJANGO_ADMIN_PATH": "control-room"},
    )
    assert paths == "/control-room/"


def test_every_page_carries_the_security_headers(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_repeated_wrong_passwords_lock_the_account_out(db):
    get_user_model().objects.create_superuser("editor", "", "a-long-test-password")
    client = Client()
    for _ in range(5):
        response = client.post(
            "/admin/login/", {"username": "editor", "password": "wrong-guess-123"}
        )
        assert response.status_code in (200, 429)
    locked = client.post(
        "/admin/login/", {"username": "editor", "password": "a-long-test-password"}
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_passwords_must_be_strong():
    for weak in ["short1", "password1234", "123456789012"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("torch-portal-reviewer-2026")


def test_admin_sessions_expire(admin_client):
    session = admin_client.session
    assert session.get_expire_at_browser_close()
    assert session.get_expiry_age() <= 8 * 60 * 60


def test_healthz_reports_the_database(client, db, monkeypatch):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connections["default"], "cursor", unreachable)
        response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "unreachable"


@pytest.mark.parametrize(("url", "words"), [("/", "briefly unavailable"), ("/zh-hans/", "暂时")])
def test_a_database_outage_gets_a_clear_503_page(db, monkeypatch, url, words):
    def unreachable():
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr("core.cache.data_version", unreachable)
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert words in response.content.decode()
