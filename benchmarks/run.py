"""Benchmark the site under a bounded load on loopback. Not a test: run it by hand.

    python benchmarks/run.py                      # SQLite, then PostgreSQL + Redis
    python benchmarks/run.py --backend sqlite --duration 5

For each backend: a fresh database seeded by benchmarks/seed.py, collected static
files, gunicorn with 2 workers on 127.0.0.1 (port 8400-8499), then one wrk run
per scenario (fixed duration and connections; wrk from Debian's `wrk` package).
Prints one line per scenario: requests/s, p50, p99, errors (connection errors,
timeouts and statuses >= 400) and requests/s as a ratio to the trivial view's,
measured just before it; then the workers' CPU time per request and the same
ratio in CPU terms (trivial view's CPU per request / this one's), which the
other tenants of a shared machine disturb much less than requests/s. Each
backend runs three servers in turn:

* ``cached``: the page cache on, as in production;
* ``fragments``: PAGE_CACHE_SECONDS=0, so article pages are rendered every time,
  with the fragment caches (comment thread, site data) warm;
* ``cold``: PAGE_CACHE_SECONDS=0 and a change before every request
  (benchmarks/cold_settings.py): the first render after a change;
* ``empty``: the same, and each process's fragments cache emptied too: the first
  render of a process that has just started (reported, no target).

The last lines compare the article page with 50 comments to the targets (as
ratios to the trivial view): 1/2 cached, 1/15 fragments, 1/40 cold.
PostgreSQL and Redis default to the local services (BENCH_POSTGRES_URL,
BENCH_REDIS_URL override; Redis database 3).
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode, urljoin

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

import requests  # noqa: E402

from tests.live import (  # noqa: E402
    GunicornServer,
    collectstatic,
    comment_form,
    migrate_and_seed,
    postgres_database,
    server_env,
)

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")

# wrk reports through this hook: one JSON line, latencies in microseconds.
# "errors" counts connection errors, timeouts and statuses >= 400; each kind follows.
REPORT_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, '
    .. '"errors": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect + e.read + e.write + e.status + e.timeout,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""

# Every POST gets a body of its own (the duplicate rule would flag repeats).
POST_LUA = """
local counter = 0
local prefix = "__PREFIX__"
request = function()
  counter = counter + 1
  local body = [==[__BODY__]==]
  body = body:gsub("__N__", prefix .. "-" .. counter .. "-" .. math.random(1, 1000000000))
  return wrk.format("POST", [==[__PATH__]==], {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = [==[__COOKIE__]==],
  }, body)
end
"""


def wrk(url, *, duration, connections, script, threads=1):
    """One wrk run reported by REPORT_LUA (in `script`), plus its requests per second."""
    command = [
        "wrk",
        "--threads",
        str(threads),
        "--connections",
        str(connections),
        "--duration",
        f"{duration}s",
        "--timeout",
        "10s",
        "--latency",
        "--script",
        str(script),
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    result = json.loads(output.strip().splitlines()[-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def comment_post_script(server, urls, workdir):
    """A wrk script posting the article's comment form, or None without a form."""
    session = requests.Session()
    action, fields = comment_form(session, server.base_url, urls["comment_form"])
    if action is None:
        return None, None
    fields.update(
        {
            "body": "Commentaire de mesure __N__",
            "author_name": "Mesure",
            "author_email": "mesure@example.net",
            "captcha_1": "PASSED",
        }
    )
    cookie = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
    script = workdir / "post.lua"
    body = urlencode(fields).replace("__N__".replace("_", "%5F"), "__N__")
    script.write_text(
        POST_LUA.replace("__PREFIX__", uuid.uuid4().hex[:8])
        .replace("__BODY__", body)
        .replace("__PATH__", action.removeprefix(server.base_url))
        .replace("__COOKIE__", cookie)
        + REPORT_LUA
    )
    return action, script


ARTICLE_50 = "article, 50 comments"
# (mode, environment, target ratio of the article page with 50 comments to the trivial view)
MODES = [
    ("cached", {"PAGE_CACHE_SECONDS": "600"}, 1 / 2),
    ("fragments", {"PAGE_CACHE_SECONDS": "0"}, 1 / 15),
    (
        "cold",
        {"PAGE_CACHE_SECONDS": "0", "DJANGO_SETTINGS_MODULE": "benchmarks.cold_settings"},
        1 / 40,
    ),
    # Reported, no target: the first render of a process that has just started.
    (
        "empty",
        {
            "PAGE_CACHE_SECONDS": "0",
            "DJANGO_SETTINGS_MODULE": "benchmarks.cold_settings",
            "BENCH_FORGET_FRAGMENTS": "1",
        },
        None,
    ),
]


def get_scenarios(urls, *, cached):
    yield "trivial view (/livez)", "/livez"
    if cached:
        yield "home", urls["home"]
        yield "category", urls["category"]
    yield ARTICLE_50, urls["article_50"]
    yield "article, 500 comments", urls["article_500"]
    yield "article 400 days old, 50", urls["article_old_50"]
    if cached and urls.get("feed"):
        yield "RSS feed", urls["feed"]


def worker_cpu_seconds(server):
    """User + system CPU time of the server's worker processes so far (Linux /proc)."""
    pid = server.process.pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    ticks = 0
    for child in children:
        try:
            fields = Path(f"/proc/{child}/stat").read_text().rpartition(")")[2].split()
        except FileNotFoundError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def measure(server, urls, args, workdir, *, cached):
    """(label, wrk result, floor result) for each scenario against a running server.

    The trivial view is measured again right before each scenario, and each ratio
    is to that adjacent floor: on a shared machine whose load drifts, a floor
    measured minutes earlier would say more about the neighbours than about us.
    """
    get_script = workdir / "get.lua"
    get_script.write_text(REPORT_LUA)
    floor_url = urljoin(server.base_url, "/livez")

    def run(url, script):
        before = worker_cpu_seconds(server)
        result = wrk(url, duration=args.duration, connections=args.connections, script=script)
        spent = worker_cpu_seconds(server) - before
        result["cpu_ms"] = spent * 1000 / max(result["requests"], 1)
        return result

    results = []
    for label, path in get_scenarios(urls, cached=cached):
        url = urljoin(server.base_url, path)
        wrk(url, duration=1, connections=args.connections, script=get_script)  # warm up
        floor = run(floor_url, get_script)
        results.append((label, run(url, get_script), floor))
    if cached:
        action, post_script = comment_post_script(server, urls, workdir)
        if action:
            floor = run(floor_url, get_script)
            results.append(("comment POST", run(action, post_script), floor))
        else:
            print("no comment form found: comment POST skipped", file=sys.stderr)
    return results


def rps(result):
    return result["requests"] / (result["duration_us"] / 1e6)


def report(name, mode, results):
    for label, result, floor in results:
        print(
            f"{name:<9} {mode:<9} {label:<25} {rps(result):8.1f} req/s  "
            f"p50 {result['p50_us'] / 1000:7.1f} ms  p99 {result['p99_us'] / 1000:7.1f} ms  "
            f"errors {result['errors']:5d}  x{rps(result) / rps(floor):6.3f} "
            f"(floor {rps(floor):7.1f} req/s)  "
            f"cpu {result['cpu_ms']:6.2f} ms/req  cpu x{floor['cpu_ms'] / result['cpu_ms']:6.3f}",
            flush=True,
        )


def run_backend(name, args, workdir, stack):
    # Every POST comes from one client: the flood rule and hourly cap would refuse them.
    extra = {
        "COMMENTS_FLOOD_SECONDS": 0,
        "COMMENTS_MIN_SUBMIT_SECONDS": 0,
        "COMMENTS_MAX_PER_HOUR": 0,
    }
    if name == "sqlite":
        database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        database_url = stack.enter_context(postgres_database(POSTGRES_URL))
        extra.update(REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=f"bench-{uuid.uuid4().hex[:8]}")
    env = server_env(database_url=database_url, static_root=workdir / "static", **extra)
    collectstatic(env)
    urls = migrate_and_seed(env)
    urls.setdefault("comment_form", urls["article_0"])

    summary = []
    for mode, mode_env, target in MODES:
        if name == "sqlite":
            # The file cache lists this folder to cull it (every 50 writes): reported.
            entries = len(list(Path(env["CACHE_DIR"]).glob("*.djcache")))
            print(f"# {name} {mode}: {entries} entries in the file cache", flush=True)
        log_path = workdir / f"gunicorn-{name}-{mode}.log"
        with GunicornServer({**env, **mode_env}, workers=2, log_path=log_path) as server:
            results = measure(server, urls, args, workdir, cached=mode == "cached")
        report(name, mode, results)
        for label, result, floor in results:
            if label == ARTICLE_50:
                summary.append((mode, target, result, floor))
    for mode, target, result, floor in summary:
        cpu_ratio = floor["cpu_ms"] / result["cpu_ms"]
        if target is None:
            print(
                f"{name:<9} {mode:<9} no target: article with 50 comments at "
                f"1/{1 / cpu_ratio:.1f} in CPU, 1/{rps(floor) / rps(result):.1f} in req/s",
                flush=True,
            )
            continue
        verdict = (
            "met"
            if min(cpu_ratio, rps(result) / rps(floor)) >= target
            else ("met in CPU terms" if cpu_ratio >= target else "NOT met")
        )
        print(
            f"{name:<9} {mode:<9} target 1/{round(1 / target)}: article with 50 comments "
            f"at 1/{1 / cpu_ratio:.1f} in CPU, 1/{rps(floor) / rps(result):.1f} in req/s: "
            f"{verdict}",
            flush=True,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    args = parser.parse_args()
    # Stopped from outside, still stop our servers and drop our databases.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    print(f"# {args.duration}s per scenario, {args.connections} connections, 2 gunicorn workers")
    for name in backends:
        with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as tmp, ExitStack() as stack:
            run_backend(name, args, Path(tmp), stack)


if __name__ == "__main__":
    main()
