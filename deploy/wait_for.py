"""Wait until a URL answers 200: ``python deploy/wait_for.py URL [SECONDS]`` (default 30).

systemd's ExecStartPost for the app servers (deploy/systemd/): a unit counts as
started once its /livez answers, so nginx never meets a server still importing.
Exit status 0 when it answered, 1 when the time ran out.
"""

import sys
import time
import urllib.error
import urllib.request


def main(url, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return 0
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    print(f"{url} did not answer within {seconds:g}s", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 30.0))
