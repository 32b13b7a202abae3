"""The whole stack on loopback (deploy/stack): nginx's front cache, app servers, workers, jobs.

Marked ``stack``: it needs nginx with Debian's cache purge module, PostgreSQL
(``DATABASE_URL``; the stack creates a database of its own next to it) and Redis
(``REDIS_URL``). Ports come from ``LIVE_SERVER_PORTS``. CI runs it after the suite.
Everything goes through ``deploy/stack`` as a person would type it, and every
page through nginx over HTTP.
"""

import os
import re
import secrets
import shutil
import socket
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

from tests.live import BASE_DIR, Stack, admin_session, comment_form, moderate, post_comment

pytestmark = pytest.mark.stack

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
)
TIMEOUT = 30
SYSTEMD = BASE_DIR / "deploy" / "systemd"


def _requirements():
    """Why the stack cannot run here, or None."""
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        return "nginx is not installed (apt-get install nginx libnginx-mod-http-cache-purge)"
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return "DATABASE_URL does not point at PostgreSQL"
    if not os.environ.get("REDIS_URL"):
        return "REDIS_URL is not set"
    return None


def _alive_in_groups(pgids):
    """Live processes (not zombies) in any of these process groups."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) in pgids:
            alive.append(int(entry.name))
    return alive


def _mentioning(text):
    """Live processes whose command line mentions ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if text in cmdline and state != "Z":
            found.append((int(entry.name), cmdline))
    return found


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    reason = _requirements()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the stack test: {reason}")
        pytest.skip(reason)
    stack = Stack(
        tmp_path_factory.mktemp("stack"),
        database_url=os.environ["DATABASE_URL"],
        redis_url=os.environ["REDIS_URL"],
        STACK_WEB_CONCURRENCY=2,
        COMMENTS_MIN_SUBMIT_SECONDS=0,
        COMMENTS_FLOOD_SECONDS=0,
    )
    try:
        up = stack("up")
        assert stack.url in up.stdout
        stack.urls, stack.username, stack.password = stack.seed()
        yield stack
    finally:
        stack("destroy", check=False)


def _get(session, stack, path, **kwargs):
    return session.get(urljoin(stack.url, path), timeout=TIMEOUT, **kwargs)


def test_up_is_idempotent_and_reports_status(stack):
    """A second `up` starts nothing; `status` lists every service answering."""
    again = stack("up")
    assert "already running" in again.stdout
    assert stack.url in again.stdout
    status = stack("status")
    for name in ("app-1", "app-2", "worker", "worker-pictures", "nginx", "scheduler"):
        assert re.search(rf"^{name}\s+running", status.stdout, re.MULTILINE), status.stdout


def test_scheduler_runs_every_periodic_job_at_start(stack):
    """The stack's scheduler runs each timer's job once it is up, and each succeeds."""
    log = stack.folder / "logs" / "scheduler.log"
    jobs = sorted(path.stem.removeprefix("newsroom-") for path in SYSTEMD.glob("newsroom-*.timer"))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        text = log.read_text() if log.exists() else ""
        if all(f"{job} exited" in text for job in jobs):
            break
        time.sleep(0.5)
    for job in jobs:
        assert f"{job} exited 0 " in text, text


def test_second_anonymous_request_is_a_hit_with_security_headers(stack):
    """An anonymous reader's second request comes from nginx's cache, headers and all."""
    article = stack.urls["article_50"]
    session = requests.Session()
    first = _get(session, stack, article)
    second = _get(session, stack, article)
    assert first.status_code == second.status_code == 200
    assert second.headers["X-Cache-Status"] == "HIT"
    assert second.text == first.text
    assert "public" in second.headers["Cache-Control"]
    assert "s-maxage=" in second.headers["Cache-Control"]
    for header in SECURITY_HEADERS:
        assert second.headers.get(header), header
        assert second.headers.get(header) == first.headers.get(header), header
    assert not session.cookies


def test_the_first_miss_after_every_purge_is_stored(stack):
    """Purged over a thousand times, the page is stored by the first request after each.

    nginx counts a key's requests in 10 bits and the purge module keeps that
    count: with the default proxy_cache_min_uses 1, the request that brings it
    back to 0 goes past the cache lock and is not stored. Three requests a round
    (1,024 = 1 mod 3) make that request land on the miss within 1,024 rounds.
    """
    article = stack.urls["article_500"]
    session = requests.Session()
    purge_url = urljoin(stack.url, "/_purge" + article)
    for round_number in range(1030):
        purged = session.request("PURGE", purge_url, timeout=TIMEOUT)
        assert purged.status_code in (200, 404), purged.status_code
        miss = _get(session, stack, article)
        assert miss.headers["X-Cache-Status"] == "MISS", round_number
        again = _get(session, stack, article)
        assert again.headers["X-Cache-Status"] == "HIT", f"round {round_number}: not stored"


def test_reader_with_a_session_bypasses_the_cache(stack):
    """A session cookie means a personal page: never from or into the shared cache."""
    article = stack.urls["article_50"]
    _get(requests.Session(), stack, article)
    response = _get(requests.Session(), stack, article, cookies={"sessionid": "x" * 32})
    assert response.status_code == 200
    assert response.headers["X-Cache-Status"] == "BYPASS"
    assert "private" in response.headers["Cache-Control"]


def test_no_cached_response_carries_a_cookie(stack):
    """Neither a response served from the cache nor any file in it holds Set-Cookie."""
    paths = [stack.urls[name] for name in ("home", "category", "article_50", "article_500")]
    paths += [stack.urls["home"] + "?page=2", "/rss/"]
    session = requests.Session()
    # The comment form's token endpoint sets the CSRF cookie: it must stay personal.
    action, _fields = comment_form(session, stack.url, stack.urls["article_0"])
    assert action
    assert session.cookies
    for path in paths:
        for _attempt in range(2):
            response = _get(requests.Session(), stack, path)
            assert response.status_code == 200, path
            assert "Set-Cookie" not in response.headers, path
        assert response.headers["X-Cache-Status"] == "HIT", path
    files = [path for path in (stack.folder / "nginx" / "cache").rglob("*") if path.is_file()]
    assert files
    for path in files:
        header = path.read_bytes().partition(b"\r\n\r\n")[0]
        assert b"\nSet-Cookie:" not in header, path


def test_approval_is_visible_through_the_proxy_within_a_second(stack):
    """A moderator approves a reader's comment: the cached page shows it within 1 s."""
    article = stack.urls["article_0"]
    marker = f"Approuvé {secrets.token_hex(4)}"
    posted = post_comment(requests.Session(), stack.url, article, marker)
    assert posted.status_code == 302, posted.text[:2000]
    comment = stack.comment(marker)
    assert comment["status"] == "pending"

    anonymous = requests.Session()
    _get(anonymous, stack, article)
    cached = _get(anonymous, stack, article)
    assert cached.headers["X-Cache-Status"] == "HIT"
    assert marker not in cached.text

    moderator = admin_session(stack.url, stack.username, stack.password)
    approved = moderate(moderator, stack.url, comment["moderate"], "approved")
    decided = time.monotonic()
    assert approved.status_code == 200, approved.text[:2000]
    assert approved.json()["changed"] is True

    while marker not in _get(requests.Session(), stack, article).text:
        assert time.monotonic() - decided < 1.0, "approval not visible through nginx in 1 s"
        time.sleep(0.02)


def test_clients_trickling_headers_hold_no_app_server_worker(stack):
    """More half-sent requests than the app servers have workers: the site still answers.

    nginx reads whole requests before passing them on, so the 4 gunicorn sync
    workers never wait on these 8 clients.
    """
    host, port = stack.url.removeprefix("http://").strip("/").split(":")
    trickling = []
    try:
        for _ in range(8):
            client = socket.create_connection((host, int(port)), timeout=5)
            client.sendall(b"GET " + stack.urls["article_50"].encode() + b" HTTP/1.1\r\n")
            client.sendall(b"Host: " + host.encode() + b"\r\nX-Slow: 1\r\n")
            trickling.append(client)
        for number in range(6):
            # Well under gunicorn's 30 s worker timeout, which would free a stuck worker.
            response = requests.get(
                urljoin(stack.url, stack.urls["article_50"]),
                cookies={"sessionid": f"patient-{number}"},
                timeout=10,
            )
            assert response.status_code == 200
            assert response.headers["X-Cache-Status"] == "BYPASS"
    finally:
        for client in trickling:
            client.close()


def test_failover_when_one_app_server_is_down(stack):
    """With app-1 stopped, every reader's request is answered by app-2; `up` restarts it."""
    stack("stop", "app-1")
    try:
        assert stack("status", check=False).returncode == 3
        for number in range(12):
            # A session cookie: each request goes through to an app server.
            response = _get(
                requests.Session(),
                stack,
                stack.urls["article_50"],
                cookies={"sessionid": f"reader-{number}"},
            )
            assert response.status_code == 200
            assert response.headers["X-Cache-Status"] == "BYPASS"
    finally:
        stack("up")
    assert stack("status").returncode == 0


def test_down_stops_everything_it_started(stack):
    """`down` leaves no process of the stack behind; a second `down` is harmless."""
    groups = {record["pid"] for record in stack.records()}
    assert len(groups) == 6
    stack("down")
    deadline = time.monotonic() + 10
    while _alive_in_groups(groups) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive_in_groups(groups)
    assert not _mentioning(str(stack.folder))
    assert "stopped" not in stack("down").stdout
