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


@pytest.mark.parametrize(
    ("broken", "variables"),
    [
        ("database", {"DATABASE_URL": "postgres://probe:s3cret-pw@127.0.0.1:1/nowhere"}),
        ("cache", {"REDIS_URL": "redis://:s3cret-pw@127.0.0.1:1/0"}),
    ],
)
def test_healthz_answers_503_naming_the_failed_check_and_nothing_else(tmp_path, broken, variables):
    """A dead dependency gives 503 and its name, without addresses, passwords or errors."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **variables,
    }
    result = run_in_project(sys.executable, "-c", PROBE, env=env)
    status, _, body = result.stdout.partition("\n")
    assert status == "503", result.stdout + result.stderr
    payload = json.loads(body)
    assert payload["status"] == "error"
    assert payload["checks"][broken] == "error"
    healthy = {"database", "cache"} - {broken}
    assert all(payload["checks"][name] == "ok" for name in healthy)
    for secret in ("s3cret", "127.0.0.1", "nowhere", "refused", "Error"):
        assert secret not in body
