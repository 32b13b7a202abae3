"""Requests to one page in-process, for counting instructions with callgrind. Not a test.

On a shared machine wall-clock and CPU figures move with the neighbours;
valgrind counts instructions, which do not. Against a database seeded by
``benchmarks/seed.py`` (the same DATABASE_URL, REDIS_URL... as the server):

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python benchmarks/instructions.py /article/bench-article-1/ cold 20
    # ... and again with 0 requests: the difference / 20 is one request

Modes: ``warm`` (whatever the caches hold), ``cold`` (the site's token dropped
before each request: the first render after a change), ``empty`` (cold, and
this process's fragments cache emptied too). Five requests warm up first.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()

from django.core.cache import caches  # noqa: E402
from django.test import Client  # noqa: E402

from articles import invalidation  # noqa: E402
from newsroom.fragments import FRAGMENT_CACHE  # noqa: E402

MODES = ("warm", "cold", "empty")


def main():
    url, mode, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode not in MODES:
        sys.exit(f"mode: one of {', '.join(MODES)}")
    client = Client(HTTP_HOST="127.0.0.1")
    for _ in range(5):
        client.get(url)
    for _ in range(count):
        if mode != "warm":
            invalidation.site_changed()
        if mode == "empty":
            caches[FRAGMENT_CACHE].clear()
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")


if __name__ == "__main__":
    main()
