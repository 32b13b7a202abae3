"""Real servers for the load-safety test and the benchmarks: gunicorn on loopback,
over a database of its own (a SQLite file, or a fresh PostgreSQL database).

Everything a server needs comes through its environment, as in production; the
test process talks to it over HTTP only and reads its database directly.
"""

import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests

BASE_DIR = Path(__file__).resolve().parent.parent
# Several test runs may share a machine: LIVE_SERVER_PORTS=8700-8799 gives one its own range.
_FIRST_PORT, _, _LAST_PORT = os.environ.get("LIVE_SERVER_PORTS", "8400-8499").partition("-")
PORTS = range(int(_FIRST_PORT), int(_LAST_PORT) + 1)
BIN = Path(sys.executable).parent


class FormParser(HTMLParser):
    """The forms of a page (action, attributes, fields it would submit), and the
    fields found outside any form (a fetched fragment)."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.loose_fields = {}
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action") or "", "attrs": attrs, "fields": {}}
        elif tag in {"input", "textarea", "select"} and attrs.get("name"):
            if attrs.get("type") in {"checkbox", "submit"} and "checked" not in attrs:
                return
            fields = self.loose_fields if self._form is None else self._form["fields"]
            fields[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def comment_form(session, base_url, article_url, timeout=30):
    """Action URL and fields of an article's comment form, as a browser would send them.

    A shared (cached) page's form has no CSRF token, form token or captcha: like
    comments.js, ask for them with a POST to the form's data-fresh-url.
    """
    response = session.get(urljoin(base_url, article_url), timeout=timeout)
    response.raise_for_status()
    parser = FormParser()
    parser.feed(response.text)
    for form in parser.forms:
        if "data-comment-form" not in form["attrs"]:
            continue
        fields = dict(form["fields"])
        fresh_url = form["attrs"].get("data-fresh-url")
        if fresh_url:
            fresh = session.post(
                urljoin(response.url, fresh_url), data={"fragment": "1"}, timeout=timeout
            )
            fresh.raise_for_status()
            fragment = FormParser()
            fragment.feed(fresh.text)
            fields.update(fragment.loose_fields)
        return urljoin(response.url, form["action"]), fields
    return None, None


def free_port():
    """A port of our range that nothing listens on right now."""
    ports = list(PORTS)
    random.shuffle(ports)
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def server_env(*, database_url, static_root, **extra):
    """A production-like environment, minus TLS (loopback HTTP) and with test captchas."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "CAPTCHA_TEST_MODE": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "LANGUAGE_COOKIE_SECURE": "0",
        "LOG_LEVEL": "WARNING",
        # Every poster comes from 127.0.0.1: the security-code limit is not what runs test.
        "COMMENTS_CHALLENGES_PER_HOUR": "0",
        "PYTHONWARNINGS": "ignore::RuntimeWarning",
        # Without REDIS_URL the processes share a file cache: one of this run's own,
        # never the cache of an earlier run over another database.
        "CACHE_DIR": str(Path(static_root).parent / f"cache-{secrets.token_hex(4)}"),
    }
    env.update({name: str(value) for name, value in extra.items()})
    return env


def run(args, env, timeout=180):
    result = subprocess.run(
        args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def collectstatic(env):
    run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env)


def migrate_and_seed(env):
    """Migrate the server's database and seed it; return the seeded pages' URLs."""
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
    return json.loads(run([sys.executable, "benchmarks/seed.py"], env).strip().splitlines()[-1])


@contextmanager
def postgres_database(base_url, *, copy_of=None):
    """A new PostgreSQL database on the server of `base_url`, dropped afterwards.

    Empty, or a copy of the database named ``copy_of`` (``CREATE DATABASE ... TEMPLATE``).
    """
    import psycopg

    name = f"newsroom_live_{secrets.token_hex(4)}"
    parts = urlsplit(base_url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    template = f' TEMPLATE "{copy_of}"' if copy_of else ""
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"{template}')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class GunicornServer:
    """gunicorn with our gunicorn.conf.py on 127.0.0.1, started and stopped by us."""

    def __init__(self, env, *, workers=2, log_path):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_path)
        self.env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_ACCESS_LOG": "",
            # Never recycle a worker in the middle of a measurement.
            "GUNICORN_MAX_REQUESTS": "0",
        }
        self.process = None

    def start(self, timeout=30):
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log()}")
            try:
                if requests.get(f"{self.base_url}/healthz", timeout=5).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not become healthy:\n{self.log()}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            # Never leave a server behind, whatever interrupted its start.
            self.stop()
            raise

    def __exit__(self, *exc_info):
        self.stop()


def free_ports(count):
    """`count` different ports of our range that nothing listens on right now."""
    ports = set()
    while len(ports) < count:
        ports.add(free_port())
    return sorted(ports)


class Stack:
    """``deploy/stack`` driven as a person would type it, in a folder and on ports of its own.

    Its database sits next to ``database_url``'s (same server, a new name), dropped
    by ``destroy``; Redis is ``redis_url``'s. ``extra`` reaches the app's environment.
    """

    def __init__(self, folder, *, database_url, redis_url, **extra):
        database = urlsplit(database_url)
        name = f"{database.path.lstrip('/')}_stack_{secrets.token_hex(3)}"
        port, *app_ports = free_ports(3)
        self.env = {
            **os.environ,
            "STACK_DIR": str(folder),
            "STACK_PORT": str(port),
            "STACK_APP_PORTS": ",".join(map(str, app_ports)),
            "STACK_DATABASE_URL": urlunsplit(database._replace(path=f"/{name}")),
            "STACK_REDIS_URL": redis_url,
            "STACK_DEMO": "0",
            "CAPTCHA_TEST_MODE": "1",
            # Every poster is 127.0.0.1 (comments/challenges.py): no security-code limit.
            "COMMENTS_CHALLENGES_PER_HOUR": "0",
            **{key: str(value) for key, value in extra.items()},
        }
        self.folder = Path(folder)
        self.url = f"http://127.0.0.1:{port}/"

    def __call__(self, *args, check=True):
        result = subprocess.run(
            [str(BASE_DIR / "deploy" / "stack"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"deploy/stack {' '.join(args)}:\n{result.stdout}{result.stderr}")
        return result

    def python(self, code):
        """Run Python with Django set up in the stack's environment; its last line as JSON."""
        script = "import django, json\ndjango.setup()\n" + code
        output = self("run", "python", "-c", script).stdout
        return json.loads(output.strip().splitlines()[-1])

    def seed(self):
        """benchmarks/seed.py's pages and a superuser: (URLs, username, password)."""
        urls = self.python(
            "import runpy, sys\n"
            "sys.argv = ['seed']\n"
            "runpy.run_path('benchmarks/seed.py', run_name='__main__')\n"
        )
        password = secrets.token_urlsafe(16)
        self.python(
            "from django.contrib.auth import get_user_model\n"
            "get_user_model().objects.create_superuser("
            f"'chief', 'chief@example.org', {password!r})\n"
            "print('{}')\n"
        )
        return urls, "chief", password

    def comment(self, marker):
        """Status and admin moderation URL of the one comment whose text holds ``marker``."""
        return self.python(
            "from django.urls import reverse\n"
            "from comments.models import Comment\n"
            f"comment = Comment.objects.get(body__contains={marker!r})\n"
            "print(json.dumps({'status': comment.status, 'moderate': "
            "reverse('admin:comments_comment_moderate', args=[comment.pk])}))\n"
        )

    def records(self):
        return [json.loads(path.read_text()) for path in (self.folder / "run").glob("*.json")]


def admin_session(base_url, username, password, timeout=30):
    """A requests session logged in to the admin through the login form."""
    session = requests.Session()
    login_url = urljoin(base_url, "/admin/login/")
    session.get(login_url, timeout=timeout).raise_for_status()
    response = session.post(
        login_url,
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "next": "/admin/",
        },
        timeout=timeout,
        allow_redirects=False,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        raise RuntimeError(f"admin login failed: {response.status_code}")
    return session


def moderate(session, base_url, moderate_url, to_status, timeout=30):
    """One comment to ``to_status`` through the admin's moderation endpoint (JSON)."""
    token = session.cookies["csrftoken"]
    return session.post(
        urljoin(base_url, moderate_url),
        data={"to_status": to_status, "csrfmiddlewaretoken": token},
        headers={"Accept": "application/json", "X-CSRFToken": token},
        timeout=timeout,
    )


def post_comment(session, base_url, article_url, body, timeout=30):
    """Post a comment as a reader would (form, then fresh token); the POST's response."""
    action, fields = comment_form(session, base_url, article_url, timeout=timeout)
    fields.update(
        body=body,
        author_name="Lectrice",
        author_email="lectrice@example.net",
        captcha_1="PASSED",
    )
    return session.post(action, data=fields, timeout=timeout, allow_redirects=False)
