"""The load balancer's probes: /livez (process) and /healthz (database and cache)."""

import json
import sys

import pytest

from tests.helpers import run_in_project

PROBE = """
import django, sys
django.setup()
from django.test import Client
response = Client().get("/healthz")
sys.stdout.write(f"{response.status_code}\\n{response.content.decode()}")
"""


@pytest.mark.django_db
def test_healthz_answers_ok_when_database_and_cache_answer(client):
    """Both checks pass: 200 and a small JSON body that is never cached."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response.headers["Cache-Control"]


def test_livez_answers_without_touching_the_database(client):
    """The liveness probe needs no database (this test has no database access)."""
    response = client.get("/livez")
    assert response.status_code == 200
    assert response.text == "ok"


def test_healthz_refuses_writes(client):
    """A probe is a GET; anything else is 405."""
    assert client.post("/healthz").status_code == 405


def probe_healthz(tmp_path, **variables):
    """/healthz answered in a fresh process whose settings read ``variables``."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
        **variables,
    }
    result = run_in_project(sys.executable, "-c", PROBE, env=env)
    status, _, body = result.stdout.partition("\n")
    return status, body, result


def assert_nothing_leaks(body):
    for secret in ("s3cret", "127.0.0.1", "nowhere", "refused", "Error"):
        assert secret not in body


def test_healthz_answers_503_when_the_database_fails(tmp_path):
    """A dead database gives 503 and its name, without addresses, passwords or errors."""
    status, body, result = probe_healthz(
        tmp_path, DATABASE_URL="postgres://probe:s3cret-pw@127.0.0.1:1/nowhere"
    )
    assert status == "503", result.stdout + result.stderr
    assert json.loads(body) == {"status": "error", "checks": {"database": "error", "cache": "ok"}}
    assert_nothing_leaks(body)


def test_healthz_says_degraded_with_200_when_only_the_cache_fails(tmp_path):
    """Redis down: the server still serves pages, so it stays in the load balancer."""
    status, body, result = probe_healthz(tmp_path, REDIS_URL="redis://:s3cret-pw@127.0.0.1:1/0")
    assert status == "200", result.stdout + result.stderr
    assert json.loads(body) == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "error"},
    }
    assert_nothing_leaks(body)
