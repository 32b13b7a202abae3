"""Benchmark the whole stack (deploy/stack) on loopback. Not a test: run it by hand.

    python benchmarks/stack.py [--duration 30] [--connections 1000]

Brings up a stack of its own (nginx, two gunicorn app servers with 2 workers
each, the django-tasks-db worker) over a fresh PostgreSQL database next to
BENCH_POSTGRES_URL's and Redis (BENCH_REDIS_URL), seeds it with
benchmarks/seed.py, then measures, with wrk (Debian's `wrk`) for the load:

1. front cache vs static file: the article page with 50 comments from nginx's
   cache, against nginx serving a static file of the very same bytes (static
   measured before and after; the ratio is to their mean);
2. miss path, --miss-rounds times: the page purged, then N concurrent
   connections on it at once: how many requests reached an app server (nginx's
   access log: entries with an upstream), errors;
3. N concurrent connections on a mix of pages for --duration seconds, while
   app-1 is killed with SIGKILL (at a third of the run) and started again
   (at half), with readers that reach the app servers (a session cookie) and
   comment posters on the side: wrk's errors and p99, the readers' failures, the
   posts acknowledged, refused and lost (acknowledged but not in the database);
4. approval latency: 20 times, a reader posts, the page is cached, a moderator
   approves through the admin, then the page is fetched every 10 ms through
   nginx until the comment shows: median and max.

Prints one line per figure; ratios are measured in the same run, so the other
tenants of a shared machine disturb them less than absolute figures.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

import requests  # noqa: E402

from benchmarks.run import REPORT_LUA  # noqa: E402
from benchmarks.run import wrk as run_wrk  # noqa: E402
from tests.live import Stack, admin_session, moderate, post_comment  # noqa: E402

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")

# A mix of pages, each connection picking at random for each request.
MIX_LUA = """
local paths = {__PATHS__}
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


def wrk(url, *, duration, connections, script):
    return run_wrk(url, duration=duration, connections=connections, script=script, threads=2)


def line(label, result):
    print(
        f"{label:44} {result['rps']:9.1f} req/s  p50 {result['p50_us'] / 1000:7.1f} ms  "
        f"p99 {result['p99_us'] / 1000:7.1f} ms  errors {result['errors']}",
        flush=True,
    )


def access_log(stack):
    return (stack.folder / "logs" / "nginx-access.log").read_text(errors="replace").splitlines()


def upstream_requests(entries, path):
    """nginx's log entries for GET `path` that went to an app server, by cache status."""
    found = {}
    for entry in entries:
        if f'"GET {path} ' in entry and "upstream=-" not in entry:
            status = entry.split("cache=")[1].split()[0]
            found[status] = found.get(status, 0) + 1
    return found


def purge(stack, path):
    for language in ("fr", "en"):
        requests.request(
            "PURGE",
            urljoin(stack.url, "/_purge" + path),
            headers={"Accept-Language": language},
            timeout=5,
        )


def front_cache_vs_static(stack, urls, workdir, args):
    page = urls["article_50"]
    body = requests.get(urljoin(stack.url, page), timeout=10)
    body = requests.get(urljoin(stack.url, page), timeout=10)
    assert body.headers["X-Cache-Status"] == "HIT", body.headers
    copy = stack.folder / "static" / "bench-article-copy.html"
    copy.write_bytes(body.content)
    report = workdir / "get.lua"
    static_url = urljoin(stack.url, "/static/bench-article-copy.html")
    check = requests.get(static_url, timeout=10)
    assert len(check.content) == len(body.content)
    connections = 64
    wrk(static_url, duration=2, connections=connections, script=report)  # warm up
    before = wrk(static_url, duration=args.short, connections=connections, script=report)
    cached = wrk(
        urljoin(stack.url, page), duration=args.short, connections=connections, script=report
    )
    after = wrk(static_url, duration=args.short, connections=connections, script=report)
    print(f"# page of {len(body.content)} bytes, {connections} connections, 2 wrk threads")
    line("static file (before)", before)
    line("article, 50 comments, from the front cache", cached)
    line("static file (after)", after)
    ratio = cached["rps"] / statistics.mean([before["rps"], after["rps"]])
    print(f"front cache / static file: x {ratio:.3f}", flush=True)


def miss_path(stack, urls, workdir, args):
    """--miss-rounds times: purge the page, then N connections on it for 3 s."""
    page = urls["article_50"]
    report = workdir / "get.lua"
    reached_per_round = []
    errors = 0
    for number in range(args.miss_rounds):
        for _ in range(2):
            requests.get(urljoin(stack.url, page), timeout=10)
        time.sleep(0.2)
        seen = len(access_log(stack))
        purge(stack, page)
        result = wrk(
            urljoin(stack.url, page), duration=3, connections=args.connections, script=report
        )
        time.sleep(0.5)
        entries = access_log(stack)[seen:]
        reached = upstream_requests(entries, page)
        # Purges sent by the worker meanwhile (besides ours) would explain more than one.
        others = sum(1 for entry in entries if '"PURGE ' in entry) - 2
        reached_per_round.append(sum(reached.values()))
        errors += result["errors"]
        line(f"miss path {number + 1}: purge, {args.connections} connections, 3s", result)
        print(
            f"  requests that reached an app server: {sum(reached.values())} {reached}; "
            f"other purges meanwhile: {others}",
            flush=True,
        )
        if sum(reached.values()) != 1:
            for entry in entries:
                if f'"GET {page} ' in entry and "upstream=-" not in entry:
                    print("  " + entry)
    print(
        f"miss path, {args.miss_rounds} rounds: app requests per round {reached_per_round}; "
        f"rounds with exactly one: {reached_per_round.count(1)}/{args.miss_rounds}; "
        f"errors {errors}",
        flush=True,
    )


def mix_with_kill(stack, urls, workdir, args):
    """The mix under load; app-1 killed and restarted; readers and posters on the side."""
    paths = [
        urls["home"],
        urls["home"] + "?page=2",
        urls["category"],
        urls["article_0"],
        urls["article_50"],
        urls["article_500"],
        "/archives/",
        "/rss/",
    ]
    css = requests.get(urljoin(stack.url, urls["home"]), timeout=10).text
    static = [part.split('"')[0] for part in css.split('href="')[1:] if "/static/" in part[:9]]
    paths += static[:2]
    for path in paths:
        requests.get(urljoin(stack.url, path), timeout=10)
    script = workdir / "mix.lua"
    script.write_text(
        MIX_LUA.replace("__PATHS__", ", ".join(json.dumps(p) for p in paths)) + REPORT_LUA
    )

    stop = threading.Event()
    reader_results = []
    post_results = []

    def reader(number):
        session = requests.Session()
        session.cookies.set("sessionid", f"bench-reader-{number}")
        while not stop.is_set():
            try:
                response = session.get(urljoin(stack.url, urls["article_50"]), timeout=15)
                reader_results.append(response.status_code)
            except requests.RequestException as error:
                reader_results.append(type(error).__name__)
            time.sleep(0.05)

    def poster(number):
        session = requests.Session()
        count = 0
        while not stop.is_set():
            count += 1
            marker = f"Charge {uuid.uuid4().hex[:12]}"
            try:
                response = post_comment(session, stack.url, urls["article_0"], marker, timeout=15)
                post_results.append((marker, response.status_code))
            except requests.RequestException as error:
                post_results.append((marker, type(error).__name__))
            time.sleep(0.2)

    events = []

    def chaos():
        time.sleep(args.duration / 3)
        events.append(("kill app-1", time.monotonic()))
        stack("kill", "app-1")
        time.sleep(args.duration / 6)
        events.append(("start app-1", time.monotonic()))
        stack("up")
        events.append(("app-1 answering", time.monotonic()))

    with ThreadPoolExecutor(max_workers=16) as pool:
        side = [pool.submit(reader, n) for n in range(4)] + [
            pool.submit(poster, n) for n in range(4)
        ]
        chaos_future = pool.submit(chaos)
        started = time.monotonic()
        result = wrk(
            urljoin(stack.url, paths[0]),
            duration=args.duration,
            connections=args.connections,
            script=script,
        )
        stop.set()
        chaos_future.result()
        for future in side:
            future.result()

    line(f"mix of {len(paths)} pages, {args.connections} connections, {args.duration}s", result)
    print(
        "  wrk errors: "
        + ", ".join(
            f"{key} {result[key]}" for key in ("connect", "read", "write", "status", "timeout")
        )
    )
    for label, moment in events:
        print(f"  {label} at {moment - started:5.1f} s")
    failures = [status for status in reader_results if status != 200]
    print(
        f"readers through to the app (session cookie): {len(reader_results)} requests, "
        f"{len(failures)} failed {sorted(set(map(str, failures)))}"
    )
    acknowledged = [marker for marker, status in post_results if status == 302]
    refused = [status for _marker, status in post_results if status != 302]
    stored = stack.python(
        "from comments.models import Comment\n"
        f"markers = {json.dumps(acknowledged)}\n"
        "counts = [Comment.objects.filter(body__contains=m).count() for m in markers]\n"
        "print(json.dumps(counts))\n"
    )
    lost = sum(1 for count in stored if count == 0)
    doubled = sum(1 for count in stored if count > 1)
    print(
        f"comment posts: {len(post_results)}, acknowledged {len(acknowledged)}, "
        f"failed with a status {len(refused)} {sorted(set(map(str, refused)))}, "
        f"lost {lost}, stored twice {doubled}",
        flush=True,
    )


def approval_latency(stack, urls, username, password, tries=20):
    article = urls["article_0"]
    moderator = admin_session(stack.url, username, password)
    delays = []
    for _ in range(tries):
        marker = f"Latence {uuid.uuid4().hex[:12]}"
        posted = post_comment(requests.Session(), stack.url, article, marker)
        assert posted.status_code == 302, posted.status_code
        comment = stack.comment(marker)
        reader = requests.Session()
        reader.get(urljoin(stack.url, article), timeout=10)
        cached = reader.get(urljoin(stack.url, article), timeout=10)
        assert cached.headers["X-Cache-Status"] == "HIT"
        response = moderate(moderator, stack.url, comment["moderate"], "approved")
        decided = time.monotonic()
        assert response.status_code == 200
        while marker not in requests.get(urljoin(stack.url, article), timeout=10).text:
            if time.monotonic() - decided > 10:
                break
            time.sleep(0.01)
        delays.append(time.monotonic() - decided)
    print(
        f"approval visible through nginx, {tries} tries: median "
        f"{statistics.median(delays) * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds of the mixed load")
    parser.add_argument("--short", type=int, default=8, help="seconds of each page/static run")
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--miss-rounds", type=int, default=10, help="purges in the miss path")
    parser.add_argument(
        "--only", choices=["static", "miss", "mix", "approval"], action="append", default=None
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    parts = args.only or ["static", "miss", "mix", "approval"]
    print(
        f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.node()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="newsroom-stack-bench-") as tmp:
        workdir = Path(tmp)
        stack = Stack(
            workdir / "stack",
            database_url=POSTGRES_URL,
            redis_url=REDIS_URL,
            STACK_WEB_CONCURRENCY=2,
            COMMENTS_MIN_SUBMIT_SECONDS=0,
            COMMENTS_FLOOD_SECONDS=0,
            # One client posts them all: the hourly cap per sender (20) would refuse most.
            COMMENTS_MAX_PER_HOUR=0,
        )
        (workdir / "get.lua").write_text(REPORT_LUA)
        try:
            stack("up")
            urls, username, password = stack.seed()
            if "static" in parts:
                front_cache_vs_static(stack, urls, workdir, args)
            if "miss" in parts:
                miss_path(stack, urls, workdir, args)
            if "mix" in parts:
                mix_with_kill(stack, urls, workdir, args)
            if "approval" in parts:
                approval_latency(stack, urls, username, password)
        finally:
            print(stack("destroy", check=False).stdout.strip().splitlines()[-1])
    print(f"# load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
