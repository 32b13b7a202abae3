"""The cache every process shares: files by default, Redis that may fail, and the deploy check."""

import os
import sys

import pytest
from django.core import checks

from newsroom.checks import check_shared_cache
from tests.helpers import run_in_project

SET_THEN_GET = """
import django, sys
django.setup()
from django.core.cache import cache
if sys.argv[1] == "set":
    cache.set("shared-probe", "written by another process", timeout=60)
else:
    sys.stdout.write(str(cache.get("shared-probe")))
"""


def project_env(tmp_path, **variables):
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": "cache-test-key",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **variables,
    }


def test_without_redis_every_process_of_the_machine_shares_the_cache(tmp_path):
    """No REDIS_URL: what one process caches, another one reads (no per-process memory)."""
    env = project_env(tmp_path, CACHE_DIR=str(tmp_path / "cache"))
    written = run_in_project(sys.executable, "-c", SET_THEN_GET, "set", env=env)
    assert written.returncode == 0, written.stderr
    read = run_in_project(sys.executable, "-c", SET_THEN_GET, "get", env=env)
    assert read.stdout == "written by another process", read.stderr


def test_a_cache_that_refuses_connections_is_a_miss_logged_once(tmp_path):
    """Redis down: reads miss, writes are dropped, one log line for many operations."""
    script = """
import django
django.setup()
from django.core.cache import cache
for _ in range(20):
    assert cache.get("k") is None
    cache.set("k", 1)
    assert cache.get_many(["a", "b"]) == {}
print("served")
"""
    env = project_env(tmp_path, REDIS_URL="redis://127.0.0.1:1/0")
    result = run_in_project(sys.executable, "-c", script, env=env)
    assert result.stdout.strip() == "served", result.stderr
    assert result.stderr.count("Cache (Redis) unavailable") == 1, result.stderr


@pytest.mark.parametrize(
    ("backend", "warned"),
    [
        ("django.core.cache.backends.locmem.LocMemCache", True),
        ("django.core.cache.backends.filebased.FileBasedCache", False),
        ("newsroom.filecache.FileCache", False),
        ("django_redis.cache.RedisCache", False),
    ],
)
def test_deploy_check_warns_about_a_per_process_cache(settings, backend, warned):
    """`check --deploy` names a cache each gunicorn worker would keep to itself."""
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "/tmp/unused"}}
    messages = check_shared_cache()
    assert [m.id for m in messages] == (["newsroom.W001"] if warned else [])
    assert all(m.level == checks.WARNING for m in messages)


def test_deploy_check_runs_the_shared_cache_check():
    """The check is registered with the deploy checks (it runs in `check --deploy`)."""
    registered = checks.registry.registry.get_checks(include_deployment_checks=True)
    assert check_shared_cache in registered
