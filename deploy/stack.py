"""The whole newsroom stack on loopback, with one command: ``deploy/stack``.

    deploy/stack up        # start what is not running; prints the URL
    deploy/stack status    # what runs, and whether it answers (exit 3 if not all)
    deploy/stack down      # stop what `up` started, nothing else
    deploy/stack destroy   # down, drop the database `up` created, remove the folder
    deploy/stack stop NAME | kill NAME   # one service (app-1, worker, nginx, scheduler...)
    deploy/stack run CMD ...             # a command with the stack's environment
    deploy/stack render    # print the nginx site config for these settings

What runs: two or more gunicorn app servers (``gunicorn.conf.py``) on loopback
ports, two django-tasks-db workers (``manage.py db_worker``: e-mails and
front-cache purges; photo renditions), the periodic jobs (``deploy/scheduler.py``,
what the systemd timers run in production) and an nginx of its own in front
(``deploy/nginx/``), over the
machine's PostgreSQL (a database the stack creates) and Redis. Everything the
stack writes lives in one folder, ``STACK_DIR`` (default ``.stack/`` in the
repository): configs, logs, pid files, collected static files, the nginx cache.

Each service is started in a session of its own and recorded with its pid and
start time, so ``down`` stops exactly the process groups ``up`` started (a
recycled pid is never mistaken for ours) and a second ``up`` only starts what
is missing. Settings come from the environment (README, "The stack"):
``STACK_PORT`` (8800), ``STACK_APP_PORTS`` (8801,8802), ``STACK_DATABASE_URL``,
``STACK_REDIS_URL``, ``STACK_DIR``, ``STACK_WEB_CONCURRENCY``, ``STACK_DEMO``.
Any other variable (``COMMENTS_*``...) is passed to the app as it is.
"""

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES = BASE_DIR / "deploy" / "nginx"
PURGE_MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")
MIME_TYPES = Path("/etc/nginx/mime.types")
# Variables the stack decides, whatever the caller's shell holds.
APP_SETTINGS_MODULE = "newsroom.settings"


class StackError(RuntimeError):
    """Something the person running the stack must fix; printed without a traceback."""


def _env(environ, name, default):
    value = environ.get(name)
    return default if value in (None, "") else value


@dataclass
class Config:
    """Where things are and which ports they use, from STACK_* variables."""

    environ: dict = field(default_factory=lambda: dict(os.environ))

    def __post_init__(self):
        e = self.environ
        self.dir = Path(_env(e, "STACK_DIR", BASE_DIR / ".stack")).resolve()
        self.host = _env(e, "STACK_HOST", "127.0.0.1")
        self.port = int(_env(e, "STACK_PORT", "8800"))
        self.app_ports = [
            int(port) for port in _env(e, "STACK_APP_PORTS", "8801,8802").split(",") if port
        ]
        self.web_concurrency = int(_env(e, "STACK_WEB_CONCURRENCY", "2"))
        self.database_url = _env(
            e, "STACK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_stack"
        )
        self.redis_url = _env(e, "STACK_REDIS_URL", "redis://127.0.0.1:6379/0")
        self.demo = _env(e, "STACK_DEMO", "1").lower() in {"1", "true", "yes", "on"}
        self.nginx = _env(e, "STACK_NGINX", shutil.which("nginx") or "/usr/sbin/nginx")
        self.python = _env(e, "STACK_PYTHON", sys.executable)
        self.run_dir = self.dir / "run"
        self.log_dir = self.dir / "logs"
        self.nginx_dir = self.dir / "nginx"
        self.static_root = self.dir / "static"
        self.media_root = self.dir / "media"

    @property
    def url(self):
        return f"http://{self.host}:{self.port}/"

    @property
    def database_name(self):
        return urlsplit(self.database_url).path.lstrip("/")

    def secret_key(self):
        """The stack's own SECRET_KEY, kept in its folder so sessions survive a restart."""
        path = self.dir / "secret_key"
        if not path.exists():
            self.dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as file:
                file.write(secrets.token_urlsafe(50))
        return path.read_text().strip()

    def app_env(self):
        """The app's environment: production settings, loopback HTTP, this stack's services."""
        origins = [f"http://{self.host}:{self.port}"]
        if self.host == "127.0.0.1":
            origins.append(f"http://localhost:{self.port}")
        env = {
            name: value
            for name, value in self.environ.items()
            if not name.startswith(("STACK_", "PYTEST_", "DJANGO_"))
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": APP_SETTINGS_MODULE,
                # `deploy/stack run python ...` finds the stack's Python first.
                "PATH": f"{Path(self.python).parent}:{self.environ.get('PATH', '/usr/bin:/bin')}",
                "PYTHONUNBUFFERED": "1",
                "DEBUG": "0",
                "SECRET_KEY": self.secret_key(),
                "ALLOWED_HOSTS": ",".join(urlsplit(origin).hostname for origin in origins),
                "CSRF_TRUSTED_ORIGINS": ",".join(origins),
                "SITE_URL": origins[0],
                "DATABASE_URL": self.database_url,
                "REDIS_URL": self.redis_url,
                "CACHE_KEY_PREFIX": f"stack-{self.database_name}",
                "STATIC_ROOT": str(self.static_root),
                "MEDIA_ROOT": str(self.media_root),
                # Loopback is plain HTTP: no redirect to HTTPS, cookies without Secure.
                "SECURE_SSL_REDIRECT": "0",
                "SESSION_COOKIE_SECURE": "0",
                "CSRF_COOKIE_SECURE": "0",
                "LANGUAGE_COOKIE_SECURE": "0",
                # nginx is the one proxy in front: it sets X-Forwarded-For/-Proto.
                "TRUSTED_PROXY_COUNT": "1",
                "FORWARDED_ALLOW_IPS": "127.0.0.1,::1",
                "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
                "FRONT_CACHE_PURGE_URLS": f"http://{self.host}:{self.port}",
                "EMAIL_BACKEND": _env(
                    self.environ, "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
                ),
            }
        )
        return env


@dataclass
class Service:
    name: str
    argv: list
    env: dict
    # A URL that answers 200 once the service is ready (None: alive is enough).
    ready_url: str | None = None


def services(config):
    """Every service of the stack, in start order (stopped in the reverse order)."""
    env = config.app_env()
    result = []
    for number, port in enumerate(config.app_ports, start=1):
        result.append(
            Service(
                name=f"app-{number}",
                argv=[config.python, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
                env={
                    **env,
                    "GUNICORN_BIND": f"{config.host}:{port}",
                    "WEB_CONCURRENCY": str(config.web_concurrency),
                    "GUNICORN_ACCESS_LOG": "-",
                },
                ready_url=f"http://{config.host}:{port}/livez",
            )
        )
    # Two workers, so that a slow photo rendition never holds up a purge or an
    # e-mail; the one that purges polls often (a decision shows within the second).
    for name, queue, interval in (
        ("worker", "default", "0.1"),
        ("worker-pictures", "pictures", "1"),
    ):
        result.append(
            Service(
                name=name,
                argv=[
                    config.python,
                    "manage.py",
                    "db_worker",
                    "--queue-name",
                    queue,
                    "--interval",
                    interval,
                ],
                env=env,
            )
        )
    result.append(
        Service(
            name="nginx",
            argv=[
                config.nginx,
                "-p",
                str(config.nginx_dir),
                "-c",
                str(config.nginx_dir / "nginx.conf"),
                "-e",
                str(config.log_dir / "nginx-error.log"),
            ],
            env={"PATH": env.get("PATH", "/usr/sbin:/usr/bin:/bin")},
            ready_url=f"{config.url}livez",
        )
    )
    # The periodic jobs the systemd timers run in production (deploy/scheduler.py);
    # last, so that `down` stops it first and no job starts under a stopping site.
    result.append(Service(name="scheduler", argv=[config.python, "deploy/scheduler.py"], env=env))
    return result


# Processes ---------------------------------------------------------------------------


def _stat(pid):
    """(state, process group, start time) of a process, or None when it is gone."""
    try:
        data = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = data.rpartition(")")[2].split()
    return fields[0], int(fields[2]), int(fields[19])


def _alive(pid, start=None):
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z" and (start is None or stat[2] == start)


def group_members(pgid, started_since=0):
    """Live processes of a process group (zombies excluded), started at or after a time."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        stat = _stat(entry.name)
        if stat and stat[1] == pgid and stat[0] != "Z" and stat[2] >= started_since:
            members.append(int(entry.name))
    return members


class Process:
    """One service's process group, as recorded in ``run/<name>.json``."""

    def __init__(self, config, name):
        self.path = config.run_dir / f"{name}.json"
        self.name = name

    def record(self):
        try:
            return json.loads(self.path.read_text())
        except (FileNotFoundError, ValueError):
            return None

    def running(self):
        record = self.record()
        return record is not None and _alive(record["pid"], record["start"])

    def members(self):
        record = self.record()
        return [] if record is None else group_members(record["pid"], record["start"])

    def signal(self, signum, *, group=False):
        record = self.record()
        if record is None:
            return
        for pid in self.members() if group else [record["pid"]]:
            if pid == record["pid"] and not _alive(pid, record["start"]):
                continue
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signum)

    def stop(self, timeout=20):
        """SIGTERM to the leader, then SIGKILL to whatever of the group is left."""
        if self.record() is None:
            return False
        had_members = bool(self.members())
        self.signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while self.members() and time.monotonic() < deadline:
            time.sleep(0.1)
        if self.members():
            self.signal(signal.SIGKILL, group=True)
            deadline = time.monotonic() + 5
            while self.members() and time.monotonic() < deadline:
                time.sleep(0.1)
        if self.members():
            raise StackError(f"{self.name}: processes {self.members()} would not stop")
        self.path.unlink(missing_ok=True)
        return had_members


def _get(url, timeout=2):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (OSError, urllib.error.URLError):
        return None


def _log_tail(path, lines=30):
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return ""


def start(config, service, timeout=60):
    process = Process(config, service.name)
    if process.running():
        return False
    # The previous instance died: make sure nothing of its group lingers.
    process.stop()
    log_path = config.log_dir / f"{service.name}.log"
    with log_path.open("ab") as log:
        child = subprocess.Popen(  # noqa: S603
            service.argv,
            cwd=BASE_DIR,
            env=service.env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    stat = _stat(child.pid)
    process.path.write_text(
        json.dumps({"pid": child.pid, "start": stat[2] if stat else 0, "argv": service.argv})
    )
    deadline = time.monotonic() + timeout
    while True:
        if child.poll() is not None:
            process.path.unlink(missing_ok=True)
            raise StackError(f"{service.name} exited at start:\n{_log_tail(log_path)}")
        if service.ready_url is None:
            if time.monotonic() > deadline - timeout + 1:
                return True
        elif _get(service.ready_url) == 200:
            return True
        if time.monotonic() > deadline:
            process.stop()
            raise StackError(f"{service.name} did not answer in {timeout}s:\n{_log_tail(log_path)}")
        time.sleep(0.1)


# Preparing: database, static files, configs -------------------------------------------


def python(config, *args, what):
    """Run the stack's Python with the app's environment; its output, or StackError."""
    result = subprocess.run(  # noqa: S603
        [config.python, *args],
        cwd=BASE_DIR,
        env=config.app_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise StackError(f"{what} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def manage(config, *args):
    return python(config, "manage.py", *args, what=f"manage.py {' '.join(args)}")


def ensure_database(config):
    """Create the stack's database when missing; True when it was created now."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(config.database_url)
    if not parts.scheme.startswith("postgres"):
        raise StackError("STACK_DATABASE_URL must point at PostgreSQL (postgres://...)")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as connection:
            found = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [config.database_name]
            ).fetchone()
            if found:
                return False
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config.database_name))
            )
    except psycopg.OperationalError as error:
        raise StackError(f"PostgreSQL does not answer at {admin_url}: {error}") from error
    (config.dir / "created_database").write_text(config.database_url)
    return True


def drop_database(config):
    """Drop the database only if this stack created it."""
    import psycopg
    from psycopg import sql

    marker = config.dir / "created_database"
    if not marker.exists() or marker.read_text().strip() != config.database_url:
        return False
    parts = urlsplit(config.database_url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(config.database_name)
            )
        )
    marker.unlink()
    return True


def app_values():
    """What nginx must agree on with the app, from the app's own settings (Django set up)."""
    from django.conf import settings
    from django.contrib.messages.storage.cookie import CookieStorage

    from comments import cookies

    return {
        # The cookies that make pagecache render a page for one reader only.
        "personal_cookies": [
            settings.SESSION_COOKIE_NAME,
            CookieStorage.cookie_name,
            cookies.PENDING_COOKIE,
            cookies.AUTHOR_COOKIE,
        ],
        "language_cookie": settings.LANGUAGE_COOKIE_NAME,
        "languages": [code for code, _name in settings.LANGUAGES],
        "default_language": settings.LANGUAGE_CODE,
        "static_url": settings.STATIC_URL,
        "media_url": settings.MEDIA_URL,
    }


def django_values(config):
    """``app_values()`` read in a process with the app's environment."""
    script = (
        "import django, json, sys\n"
        "django.setup()\n"
        "sys.path.insert(0, 'deploy')\n"
        "import stack\n"
        "print(json.dumps(stack.app_values()))\n"
    )
    output = python(config, "-c", script, what="reading the app's settings")
    return json.loads(output.strip().splitlines()[-1])


def render(template, values):
    """The template with each {{NAME}} replaced; an unknown or missing name is an error."""
    text = (TEMPLATES / template).read_text()

    def replace(match):
        name = match.group(1)
        if name not in values:
            raise StackError(f"{template}: no value for {{{{{name}}}}}")
        return str(values[name])

    return re.sub(r"\{\{([A-Z_]+)\}\}", replace, text)


def site_values(config, django, *, environ=None):
    """Values of newsroom.conf.template: the stack's, or production's from NGINX_* variables."""
    e = environ or {}
    languages = "|".join(re.escape(code) for code in django["languages"])
    upstreams = _env(e, "NGINX_UPSTREAMS", ",".join(f"{config.host}:{p}" for p in config.app_ports))
    return {
        "UPSTREAM_SERVERS": "\n".join(
            f"    server {address} max_fails=1 fail_timeout=2s;"
            for address in upstreams.split(",")
            if address
        ),
        "CACHE_DIR": _env(e, "NGINX_CACHE_DIR", config.nginx_dir / "cache"),
        "PERSONAL_COOKIES": "|".join(re.escape(name) for name in django["personal_cookies"]),
        "DEFAULT_LANGUAGE": django["default_language"],
        "ACCEPT_LANGUAGE_MAP": f'    "~(?:^|,)\\s*({languages})(?:[-_;,\\s]|$)"  $1;',
        "LANGUAGE_COOKIE": django["language_cookie"],
        "COOKIE_LANGUAGE_MAP": f'    "~^({languages})$"  $1;',
        "LANGUAGE_MATCH_MAP": "\n".join(f'    "{code}|{code}" 0;' for code in django["languages"]),
        "LISTEN": _env(e, "NGINX_LISTEN", f"{config.host}:{config.port}"),
        "SERVER_NAME": _env(e, "NGINX_SERVER_NAME", config.host),
        "ACCESS_LOG": _env(e, "NGINX_ACCESS_LOG", config.log_dir / "nginx-access.log"),
        "PURGE_ALLOW": "\n".join(
            f"        allow {address};"
            for address in _env(e, "NGINX_PURGE_ALLOW", "127.0.0.1,::1").split(",")
            if address
        ),
        "STATIC_URL": django["static_url"],
        "STATIC_ROOT": _env(e, "STATIC_ROOT", config.static_root),
        "MEDIA_URL": django["media_url"],
        "MEDIA_ROOT": _env(e, "MEDIA_ROOT", config.media_root),
    }


def write_configs(config, django=None):
    """Render both nginx files into the stack's folder and check them with nginx -t."""
    django = django or django_values(config)
    site = render("newsroom.conf.template", site_values(config, django))
    main = render(
        "stack-nginx.conf.template",
        {
            "LOAD_MODULES": f"load_module {PURGE_MODULE};" if PURGE_MODULE.exists() else "",
            # As root, workers run as root too: they must read this folder, which
            # may sit under a private directory. A system nginx uses www-data.
            "USER": "user root root;" if os.geteuid() == 0 else "",
            "RUN_DIR": config.run_dir,
            "LOG_DIR": config.log_dir,
            "NGINX_DIR": config.nginx_dir,
            "MIME_TYPES": MIME_TYPES,
        },
    )
    for sub in ("cache", "temp"):
        (config.nginx_dir / sub).mkdir(parents=True, exist_ok=True)
    (config.nginx_dir / "newsroom.conf").write_text(site)
    (config.nginx_dir / "nginx.conf").write_text(main)
    nginx = next(service for service in services(config) if service.name == "nginx")
    result = subprocess.run(  # noqa: S603
        [*nginx.argv, "-t", "-q"], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise StackError(f"nginx refused its configuration:\n{result.stderr}")


# Commands ----------------------------------------------------------------------------


def up(config):
    if not shutil.which(config.nginx) and not Path(config.nginx).exists():
        raise StackError("nginx is missing: apt-get install nginx libnginx-mod-http-cache-purge")
    for folder in (config.run_dir, config.log_dir, config.nginx_dir, config.media_root):
        folder.mkdir(parents=True, exist_ok=True)
    all_services = services(config)
    if all(Process(config, service.name).running() for service in all_services):
        print(f"newsroom stack already running in {config.dir}")
        print(config.url)
        return
    if any(Process(config, service.name).running() for service in all_services):
        # Some still run (one crashed or was stopped): restart the others as they
        # were, without migrating or collecting again under a live site.
        print("== restarting what is not running")
    else:
        created = ensure_database(config)
        print(f"== database {config.database_name}" + (" (created)" if created else ""))
        manage(config, "migrate", "--noinput", "-v0")
        print("== static files")
        manage(config, "collectstatic", "--noinput", "-v0")
        if created and config.demo:
            print(manage(config, "loaddemo").strip())
        write_configs(config)
    for service in all_services:
        started = start(config, service)
        state = "started" if started else "already running"
        print(f"== {service.name}: {state} (pid {Process(config, service.name).record()['pid']})")
    print(f"newsroom stack up in {config.dir} (logs in {config.log_dir})")
    print(config.url)


def status(config):
    healthy = True
    for service in services(config):
        process = Process(config, service.name)
        if not process.running():
            print(f"{service.name:8} stopped")
            healthy = False
            continue
        answer = ""
        if service.ready_url:
            code = _get(service.ready_url)
            answer = f"  {service.ready_url} -> {code or 'no answer'}"
            healthy = healthy and code == 200
        print(f"{service.name:8} running (pid {process.record()['pid']}){answer}")
    print(config.url if healthy else f"{config.url} (not all services are up)")
    return 0 if healthy else 3


def down(config):
    for service in reversed(services(config)):
        if Process(config, service.name).stop():
            print(f"== {service.name}: stopped")
    print(f"newsroom stack down ({config.dir} kept)")


def destroy(config):
    down(config)
    if config.dir.exists() and drop_database(config):
        print(f"== database {config.database_name}: dropped")
    shutil.rmtree(config.dir, ignore_errors=True)
    print(f"{config.dir} removed")


def one_service(config, name):
    names = [service.name for service in services(config)]
    if name not in names:
        raise StackError(f"no service {name!r}: choose among {', '.join(names)}")
    return Process(config, name)


def main(argv=None):
    args = list(sys.argv[1:] if argv is None else argv)
    command = args.pop(0) if args else "help"
    config = Config()
    try:
        if command == "up":
            up(config)
        elif command == "status":
            return status(config)
        elif command == "down":
            down(config)
        elif command == "destroy":
            destroy(config)
        elif command == "stop" and len(args) == 1:
            one_service(config, args[0]).stop()
        elif command == "kill" and len(args) == 1:
            # A crash, for failover drills: SIGKILL to the whole process group.
            one_service(config, args[0]).signal(signal.SIGKILL, group=True)
        elif command == "run" and args:
            return subprocess.run(args, cwd=BASE_DIR, env=config.app_env(), check=False).returncode  # noqa: S603
        elif command == "render":
            print(
                render(
                    "newsroom.conf.template",
                    site_values(config, django_values(config), environ=config.environ),
                )
            )
        else:
            print(__doc__.split("\n\n")[1])
            return 0 if command in {"help", "-h", "--help"} else 2
    except StackError as error:
        print(f"deploy/stack {command}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
