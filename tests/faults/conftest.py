"""What the fault tests share: a site behind two gunicorn workers, and faulty neighbours.

Every test here starts real processes (gunicorn, redis-server, the task worker)
on loopback ports of LIVE_SERVER_PORTS, causes one fault, and checks what a
reader and a moderator would see. Each is bounded: a few dozen requests, each
with a timeout, and deadlines on every wait. The database is the suite's own
kind: a SQLite file, or a fresh PostgreSQL database when DATABASE_URL points at
PostgreSQL (CI's second run).
"""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from tests.live import (
    BASE_DIR,
    GunicornServer,
    collectstatic,
    comment_form,
    free_port,
    migrate_and_seed,
    postgres_database,
    server_env,
)

TIMEOUT = 10

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("fault-static")
    collectstatic(server_env(database_url="sqlite://:memory:", static_root=root))
    return root


def _is_postgres(url):
    return url.startswith(("postgres://", "postgresql://"))


@pytest.fixture(scope="session")
def seeded_template(static_root, tmp_path_factory):
    """One migrated, seeded database per run, copied for each test: (url, seeded URLs)."""
    configured = os.environ.get("DATABASE_URL", "")
    if _is_postgres(configured):
        with postgres_database(configured) as url:
            env = server_env(database_url=url, static_root=static_root)
            yield url, migrate_and_seed(env)
        return
    url = f"sqlite:///{tmp_path_factory.mktemp('fault-db') / 'template.sqlite3'}"
    env = server_env(database_url=url, static_root=static_root)
    yield url, migrate_and_seed(env)


@pytest.fixture
def database_url(seeded_template, tmp_path):
    """A fresh copy of the seeded database (a file copy, or CREATE DATABASE ... TEMPLATE)."""
    template, _ = seeded_template
    if _is_postgres(template):
        with postgres_database(template, copy_of=urlsplit(template).path.lstrip("/")) as url:
            yield url
        return
    source = Path(template.removeprefix("sqlite:///"))
    target = tmp_path / "site.sqlite3"
    with sqlite3.connect(source) as connection, sqlite3.connect(target) as copy:
        connection.backup(copy)
    yield f"sqlite:///{target}"


@pytest.fixture
def seeded_urls(seeded_template):
    return seeded_template[1]


class Site:
    """A seeded site behind gunicorn (2 workers), and what it takes to act on it."""

    def __init__(self, database_url, env, server, urls):
        self.database_url = database_url
        self.env = env
        self.server = server
        self.urls = urls
        self.base_url = server.base_url

    def get(self, path, **kwargs):
        return requests.get(self.base_url + path, timeout=TIMEOUT, **kwargs)

    def post_comment(self, session=None, *, article="article_0", **fields):
        """Post a comment as a browser would; (response, marker) with a marker unique to it."""
        session = session or requests.Session()
        action, data = comment_form(session, self.base_url, self.urls[article], TIMEOUT)
        marker = f"fault-{uuid.uuid4().hex[:12]}"
        data.update(
            {
                "body": f"Un avis pendant la panne {marker}",
                "author_name": "Lectrice",
                "author_email": f"{marker}@example.net",
                "captcha_1": "PASSED",
                **fields,
            }
        )
        response = session.post(action, data=data, allow_redirects=False, timeout=TIMEOUT)
        return response, marker

    def query(self, sql, params=()):
        if self.database_url.startswith("sqlite"):
            path = self.database_url.removeprefix("sqlite:///")
            with sqlite3.connect(path, timeout=20) as connection:
                return connection.execute(sql.replace("%s", "?"), params).fetchall()
        import psycopg

        with psycopg.connect(self.database_url) as connection:
            return connection.execute(sql, params).fetchall()

    def stored(self, marker):
        """How many stored comments carry ``marker``."""
        return self.query(
            "SELECT COUNT(*) FROM comments_comment WHERE body LIKE %s", [f"%{marker}%"]
        )[0][0]

    def comment_id(self, marker):
        return self.query("SELECT id FROM comments_comment WHERE body LIKE %s", [f"%{marker}%"])[0][
            0
        ]

    def manage_shell(self, code):
        """Run Python in ``manage.py shell`` with the site's environment, as an operator would."""
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def set_status(self, comment_id, status):
        self.manage_shell(
            "from comments.review import change_status; "
            f"change_status(comments=[{int(comment_id)}], to_status={status!r}, actor=None)"
        )


@contextmanager
def running_site(database_url, urls, static_root, tmp_path, **settings):
    """Two gunicorn workers over a seeded database; ``settings`` become environment variables."""
    extra = {
        "COMMENTS_FLOOD_SECONDS": 0,
        "COMMENTS_MIN_SUBMIT_SECONDS": 0,
        "COMMENTS_MAX_PER_HOUR": 0,
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "CACHE_KEY_PREFIX": f"fault-{uuid.uuid4().hex[:8]}",
        "GUNICORN_TIMEOUT": "20",
        **settings,
    }
    env = server_env(database_url=database_url, static_root=static_root, **extra)
    with GunicornServer(env, log_path=tmp_path / "gunicorn.log") as server:
        yield Site(database_url, env, server, urls)


class Readers:
    """Threads that read public pages until stopped; every status they got."""

    def __init__(self, site, paths, count=2):
        self.site = site
        self.paths = paths
        self.count = count
        self.statuses = Counter()
        self.errors = []
        self._stop = threading.Event()
        self._threads = []
        self._lock = threading.Lock()

    def _read(self, offset):
        session = requests.Session()
        n = offset
        while not self._stop.is_set():
            path = self.paths[n % len(self.paths)]
            n += 1
            try:
                status = session.get(self.site.base_url + path, timeout=TIMEOUT).status_code
            except requests.RequestException as error:
                with self._lock:
                    self.errors.append(repr(error))
                continue
            with self._lock:
                self.statuses[status] += 1

    def __enter__(self):
        for offset in range(self.count):
            thread = threading.Thread(target=self._read, args=(offset,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=TIMEOUT + 5)

    def assert_pages_kept_answering(self):
        assert sum(self.statuses.values()) > 0, self.errors
        assert set(self.statuses) <= {200}, (self.statuses, self.errors[:3])
        assert not self.errors, self.errors[:3]


class HangingServer:
    """A TCP server that accepts connections and never says a word (a hung Redis or SMTP)."""

    def __init__(self):
        self.port = free_port()
        self._socket = socket.socket()
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", self.port))
        self._socket.listen(128)
        self._connections = []
        self._stop = threading.Event()

    def _accept(self):
        self._socket.settimeout(0.2)
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._take(connection)

    def _take(self, connection):
        """What becomes of an accepted connection: here, kept open and never answered."""
        self._connections.append(connection)

    def __enter__(self):
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        for connection in self._connections:
            connection.close()
        self._socket.close()


class HangingRelay(HangingServer):
    """A relay to a real server that can hang (say nothing, pass nothing) and come back.

    A Redis that stops answering and later answers again *with the data it had*,
    unlike a restarted one: what it kept from before the fault must not outlive
    a decision taken during it.
    """

    def __init__(self, target_port):
        super().__init__()
        self.target_port = target_port
        self.hanging = threading.Event()

    def _take(self, client):
        upstream = socket.create_connection(("127.0.0.1", self.target_port))
        self._connections += [client, upstream]
        for source, target in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source, target):
        while True:
            try:
                data = source.recv(65536)
                if not data:
                    break
                # Hanging: bytes go nowhere, both ways; the client's own timeout ends its wait.
                if not self.hanging.is_set():
                    target.sendall(data)
            except OSError:
                break
        for end in (source, target):
            end.close()


class FakeSMTP(HangingServer):
    """A mail server that hangs until ``work()``; then it speaks enough SMTP to take mail."""

    def __init__(self):
        super().__init__()
        self.working = threading.Event()
        self.messages = []

    def work(self):
        self.working.set()

    def _take(self, connection):
        if self.working.is_set():
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()
        else:
            super()._take(connection)

    def _serve(self, connection):
        with connection, connection.makefile("rb") as lines:
            connection.sendall(b"220 fake ESMTP\r\n")
            while line := lines.readline():
                command = line.strip().upper()
                if command.startswith((b"EHLO", b"HELO")):
                    connection.sendall(b"250 fake\r\n")
                elif command == b"DATA":
                    connection.sendall(b"354 go on\r\n")
                    data = []
                    while (chunk := lines.readline()) not in (b".\r\n", b""):
                        data.append(chunk)
                    self.messages.append(b"".join(data).decode("utf-8", "replace"))
                    connection.sendall(b"250 queued\r\n")
                elif command == b"QUIT":
                    connection.sendall(b"221 bye\r\n")
                    return
                else:
                    connection.sendall(b"250 ok\r\n")


class RedisServer:
    """A redis-server of our own on a free port, that a test may stop and start again."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.tmp_path = tmp_path
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp_path),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path):
    if not any(
        os.access(os.path.join(path, "redis-server"), os.X_OK)
        for path in os.environ.get("PATH", "").split(os.pathsep)
    ):
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


def worker_pids(server):
    """The pids of the gunicorn master's workers."""
    result = subprocess.run(
        ["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True, check=False
    )
    return [int(pid) for pid in result.stdout.split()]


def shown(page, marker):
    return re.search(re.escape(marker), page) is not None
