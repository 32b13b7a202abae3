"""Load safety: two gunicorn workers, concurrent comment posts and readers.

200 comment POSTs from 16 concurrent clients while other clients read articles,
on a file SQLite database and, when DATABASE_URL points at PostgreSQL, on a
fresh PostgreSQL database. No response may be a 5xx, and every comment whose
POST was acknowledged by a redirect must be stored exactly once. Bounded: a few
hundred requests, each with a timeout; no measurement of time.
"""

import json
import os
import re
import sqlite3
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from urllib.parse import urljoin

import pytest
import requests

from tests.live import (
    GunicornServer,
    collectstatic,
    comment_form,
    migrate_and_seed,
    postgres_database,
    server_env,
)

POSTS = 200
POSTERS = 16
READERS = 4
TIMEOUT = 30


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    collectstatic(server_env(database_url="sqlite://:memory:", static_root=root))
    return root


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'load.sqlite3'}"
        return
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        pytest.skip("DATABASE_URL does not point at PostgreSQL")
    with postgres_database(configured) as url:
        yield url


@contextmanager
def running_site(database_url, static_root, log_path, *, redis_url=None, **settings):
    """A seeded database behind two gunicorn workers: (server, seeded URLs).

    The servers share the Redis of ``redis_url`` as their cache; None means the
    environment's REDIS_URL, "" each worker's own local memory.
    """
    extra = {
        "COMMENTS_FLOOD_SECONDS": 0,
        "COMMENTS_MIN_SUBMIT_SECONDS": 0,
        # Every client posts from 127.0.0.1: the hourly cap per sender would stop them.
        "COMMENTS_MAX_PER_HOUR": 0,
        **settings,
    }
    if redis_url is None:
        redis_url = os.environ.get("REDIS_URL", "")
    if redis_url:
        extra["REDIS_URL"] = redis_url
        extra["CACHE_KEY_PREFIX"] = f"load-{uuid.uuid4().hex[:8]}"
    env = server_env(database_url=database_url, static_root=static_root, **extra)
    urls = migrate_and_seed(env)
    with GunicornServer(env, log_path=log_path) as server:
        yield server, urls
        server_log = server.log()
    assert "Traceback" not in server_log, server_log


@pytest.fixture
def live(database_url, static_root, tmp_path):
    with running_site(database_url, static_root, tmp_path / "gunicorn.log") as site:
        yield site


@pytest.fixture
def live_sqlite(static_root, tmp_path):
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    with running_site(url, static_root, tmp_path / "gunicorn.log") as site:
        yield site


@pytest.fixture(params=["local-memory", "redis"])
def redis_url(request):
    """The servers' cache: each worker's own memory, or the shared Redis of REDIS_URL."""
    if request.param == "local-memory":
        return ""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set")
    return os.environ["REDIS_URL"]


@pytest.fixture
def live_with_flood_rule(database_url, redis_url, static_root, tmp_path):
    # Without Redis the rules' cache claims stay inside one worker: only the
    # database (IMMEDIATE transactions on SQLite, advisory locks on PostgreSQL)
    # keeps two workers' simultaneous posts from missing each other. The access
    # log names the worker (pid) that served each request.
    log_path = tmp_path / "gunicorn.log"
    access_log = "--access-logfile - --access-logformat 'served-by %(p)s %(m)s %(s)s'"
    with running_site(
        database_url,
        static_root,
        log_path,
        redis_url=redis_url,
        COMMENTS_FLOOD_SECONDS=60,
        GUNICORN_CMD_ARGS=access_log,
    ) as site:
        yield site


def query(database_url, sql):
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            return connection.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(database_url) as connection:
        return connection.execute(sql).fetchall()


def stored_bodies(database_url):
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            return [row[0] for row in connection.execute("SELECT body FROM comments_comment")]
    import psycopg

    with psycopg.connect(database_url) as connection:
        return [row[0] for row in connection.execute("SELECT body FROM comments_comment")]


def test_concurrent_comments_are_all_kept_exactly_once(live, database_url):
    """16 clients post 200 comments while readers browse: no 5xx, no loss, no double."""
    server, urls = live
    local = threading.local()
    statuses = Counter()
    acknowledged = []
    lock = threading.Lock()
    posting_done = threading.Event()

    def session():
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return local.session

    def record(response):
        with lock:
            statuses[response.status_code] += 1

    def post_one(n):
        action, fields = comment_form(session(), server.base_url, urls["article_0"], TIMEOUT)
        if action is None:
            return "no-form"
        marker = f"load-{uuid.uuid4().hex}"
        fields.update(
            {
                "body": f"Commentaire de charge {n} {marker}",
                "author_name": f"Client {n}",
                "author_email": f"client{n}@example.net",
                "captcha_1": "PASSED",
            }
        )
        response = session().post(action, data=fields, allow_redirects=False, timeout=TIMEOUT)
        record(response)
        if response.status_code in {302, 303}:
            with lock:
                acknowledged.append(marker)
        return response.status_code

    def read_until_done(reader):
        pages = [urls["home"], urls["category"], urls["article_50"], urls["article_500"]]
        n = reader
        while not posting_done.is_set():
            response = session().get(
                urljoin(server.base_url, pages[n % len(pages)]), timeout=TIMEOUT
            )
            record(response)
            n += 1

    with ThreadPoolExecutor(POSTERS + READERS) as pool:
        readers = [pool.submit(read_until_done, reader) for reader in range(READERS)]
        try:
            results = list(pool.map(post_one, range(POSTS)))
        finally:
            posting_done.set()
        for reader in readers:
            reader.result()

    if "no-form" in results:
        pytest.skip("no comment form on the article page yet (comments app not merged)")
    server_errors = {status: count for status, count in statuses.items() if status >= 500}
    assert not server_errors, (server_errors, server.log())
    assert len(acknowledged) == POSTS, statuses

    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)

    bodies = stored_bodies(database_url)
    found = Counter(marker for marker in acknowledged for body in bodies if marker in body)
    assert all(found[marker] == 1 for marker in acknowledged), found.most_common(3)


@pytest.mark.parametrize(
    "pattern",
    [r"/static/css/site\.[0-9a-f]{12}\.css", r"/static/js/site\.[0-9a-f]{12}\.js"],
    ids=["css", "js"],
)
def test_static_files_are_hashed_compressed_and_cached_for_a_year(live_sqlite, pattern):
    """WhiteNoise serves collected files under hashed names, compressed and immutable."""
    server, urls = live_sqlite
    page = requests.get(server.base_url + urls["article_0"], timeout=TIMEOUT).text
    path = re.search(pattern, page).group(0)
    response = requests.get(
        server.base_url + path, headers={"Accept-Encoding": "br, gzip"}, timeout=TIMEOUT
    )
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] in {"br", "gzip"}
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=315360000" in response.headers["Cache-Control"]


def test_flood_and_duplicate_rules_hold_across_worker_processes(live_with_flood_rule, database_url):
    """Simultaneous posts reach both workers; the rules still see each other's comments."""
    server, urls = live_with_flood_rule
    sessions = [requests.Session() for _ in range(8)]
    forms = [comment_form(s, server.base_url, urls["article_0"], TIMEOUT) for s in sessions]
    marker = uuid.uuid4().hex

    def post(n):
        action, fields = forms[n]
        fields.update(
            {
                # The same author, the same text, from the same address, all at once.
                "body": f"Le même avis, envoyé en double {marker}",
                "author_name": "Lectrice pressée",
                "author_email": "pressee@example.net",
                "captcha_1": "PASSED",
            }
        )
        return sessions[n].post(action, data=fields, allow_redirects=False, timeout=TIMEOUT)

    with ThreadPoolExecutor(len(sessions)) as pool:
        statuses = [response.status_code for response in pool.map(post, range(len(sessions)))]
    assert statuses == [302] * len(sessions)
    # Sync workers serve one request at a time: simultaneous posts spread over both.
    workers = set(re.findall(r"^served-by <(\d+)> POST 302$", server.log(), re.MULTILINE))
    assert len(workers) == 2, server.log()

    rows = query(database_url, "SELECT body, flag_reasons FROM comments_comment ORDER BY id")
    reasons = [
        json.loads(flags) if isinstance(flags, str) else flags
        for body, flags in rows
        if marker in body
    ]
    assert len(reasons) == len(sessions)
    # Exactly one got through clean: every other one is flagged by both rules.
    clean = [r for r in reasons if not {"flood_ip", "flood_email", "duplicate"} & set(r)]
    assert len(clean) == 1, reasons
    for flagged in (r for r in reasons if r is not clean[0]):
        assert {"flood_ip", "flood_email", "duplicate"} <= set(flagged), reasons
