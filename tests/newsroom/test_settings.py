"""Production configuration: what `check --deploy` and start-up say about it.

These run manage.py in a subprocess with a clean environment, because settings
are read once per process and the suite's own process runs with test defaults.
"""

import os
import secrets
import sys
from pathlib import Path

import pytest

from tests.helpers import BASE_DIR, run_in_project


def production_env(tmp_path, **extra):
    """Variables a real deployment sets; PostgreSQL and Redis when the suite has them."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "news.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://news.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "EMAIL_HOST": "smtp.example.org",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    for name in ("DATABASE_URL", "REDIS_URL"):
        if os.environ.get(name):
            env[name] = os.environ[name]
    env.update(extra)
    return env


def manage(*args, env):
    return run_in_project(sys.executable, "manage.py", *args, env=env, timeout=120)


def test_deploy_check_reports_nothing_with_production_variables(tmp_path):
    """`manage.py check --deploy` fails on any warning, and there is none."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_flags_debug_left_on(tmp_path):
    """The same check does fail when a production variable is wrong."""
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path, DEBUG="1")
    )
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


@pytest.mark.parametrize("debug", [None, "", "0", "false"])
def test_missing_secret_key_with_debug_off_stops_start_up(tmp_path, debug):
    """Without SECRET_KEY and with DEBUG off, start-up fails with a message saying why."""
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    if debug is not None:
        env["DEBUG"] = debug
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_wsgi_application_refuses_to_load_without_secret_key(tmp_path):
    """What gunicorn imports fails the same way, so no worker ever runs without a key."""
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run_in_project(sys.executable, "-c", "import newsroom.wsgi", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_development_runs_without_secret_key(tmp_path):
    """DEBUG=1 is enough for a developer: a throwaway key is used."""
    env = production_env(tmp_path, DEBUG="1")
    del env["SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode == 0, result.stderr


def test_gunicorn_config_reads_its_environment(tmp_path):
    """gunicorn.conf.py takes workers and bind from the environment."""
    env = production_env(tmp_path, WEB_CONCURRENCY="3", GUNICORN_BIND="127.0.0.1:8499")
    result = run_in_project(
        Path(sys.executable).parent / "gunicorn",
        "-c",
        "gunicorn.conf.py",
        "--print-config",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    config = {
        key.strip(): value.strip()
        for key, _, value in (line.partition("=") for line in result.stdout.splitlines())
    }
    assert config["workers"] == "3"
    assert config["bind"] == "['127.0.0.1:8499']"
    assert config["wsgi_app"] == "newsroom.wsgi:application"


def read_env_example():
    variables = {}
    for line in (BASE_DIR / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            variables[name.strip()] = value
    return variables


def test_env_example_documents_every_variable_the_settings_read():
    """Each variable settings.py or gunicorn.conf.py reads is listed in .env.example."""
    import re

    read = set()
    for path in ("newsroom/settings.py", "gunicorn.conf.py"):
        source = (BASE_DIR / path).read_text()
        read |= set(re.findall(r'(?:env\w*|_int|environ\.get)\(\s*"([A-Z][A-Z0-9_]+)"', source))
    assert read, "the pattern found no variable at all"
    assert read <= set(read_env_example()), read - set(read_env_example())


def test_env_example_filled_in_passes_the_deploy_check(tmp_path):
    """.env.example with only SECRET_KEY filled in (blanks left blank) is a sound production."""
    env = {**read_env_example(), **production_env(tmp_path)}
    if not os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = ""  # the documented default: SQLite beside manage.py
        env["STATIC_ROOT"] = ""
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
