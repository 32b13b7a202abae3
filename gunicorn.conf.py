"""Gunicorn settings for newsroom: `gunicorn -c gunicorn.conf.py`.

Every knob reads an environment variable so that one file serves a laptop, a
container and a VM. Django settings come from the environment as usual
(SECRET_KEY, DATABASE_URL, REDIS_URL, ...; see README.md).
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


wsgi_app = "newsroom.wsgi:application"

# Behind a reverse proxy on the same host by default; GUNICORN_BIND=0.0.0.0:8000
# (or several, comma-separated) in a container.
bind = [
    address.strip()
    for address in (os.environ.get("GUNICORN_BIND") or "127.0.0.1:8000").split(",")
    if address.strip()
]

# Sync workers: each request holds one process, so CPU-bound rendering scales with
# cores. WEB_CONCURRENCY is the name platforms set.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycle workers now and then so a slow leak never becomes an outage; the jitter
# keeps them from all restarting at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# Proxies allowed to set X-Forwarded-Proto/-For for gunicorn itself.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"

# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL") or "info"
# Client, request line, status, size, milliseconds: nothing from cookies or headers.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'

# gunicorn's runtime control socket (gunicornc) sits at one fixed path per user, which
# several instances on one host (tests, benchmarks) would fight over: off unless a
# path is given.
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET")
if _control_socket:
    control_socket = _control_socket
control_socket_disable = not _control_socket
