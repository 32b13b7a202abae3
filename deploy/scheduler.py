"""The stack's periodic jobs: ``manage.py <job>`` on a schedule, standard library only.

In production the same jobs are systemd timers (``deploy/systemd/newsroom-<job>.timer``,
README "Periodic jobs"); ``deploy/stack up`` starts this loop as its ``scheduler``
service so the loopback stack keeps the same promises (captchas purged, network
data erased after COMMENTS_NETWORK_DATA_DAYS, reply notifications sent).

Every job runs once when the scheduler starts (as ``Persistent=true`` catches up
on a missed run), then every ``interval`` seconds, one job at a time. A job that
fails is logged with its exit code and tried again at its next turn. SIGTERM
stops the job that is running and the loop. A test keeps JOBS and the timers
in step (tests/deploy/test_periodic_jobs.py).
"""

import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
MINUTE = 60
DAY = 24 * 60 * MINUTE

# (command, arguments, interval in seconds): the timers' schedules.
JOBS = (
    ("captcha_clean", (), 15 * MINUTE),
    ("comments_send_reply_notifications", (), 10 * MINUTE),
    ("comments_erase_network_data", (), DAY),
    ("prune_db_task_results", ("--queue-name=*",), DAY),
    ("clearsessions", (), DAY),
)


def due(next_runs, now):
    """The jobs whose turn has come, in JOBS order."""
    return [job for job in JOBS if next_runs.get(job[0], now) <= now]


def _log(message):
    print(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {message}", flush=True)


class Scheduler:
    def __init__(self, python=sys.executable):
        self.python = python
        self.stopping = False
        self.child = None

    def stop(self, signum, frame):
        self.stopping = True
        if self.child is not None and self.child.poll() is None:
            self.child.terminate()

    def run_job(self, name, args):
        started = time.monotonic()
        self.child = subprocess.Popen([self.python, "manage.py", name, *args], cwd=BASE_DIR)  # noqa: S603
        code = self.child.wait()
        self.child = None
        _log(f"{name} exited {code} after {time.monotonic() - started:.1f}s")

    def loop(self):
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        next_runs = {}
        _log(f"scheduler started: {', '.join(name for name, _args, _interval in JOBS)}")
        while not self.stopping:
            for name, args, interval in due(next_runs, time.monotonic()):
                if self.stopping:
                    break
                next_runs[name] = time.monotonic() + interval
                self.run_job(name, args)
            # Short sleeps: SIGTERM is answered within the second.
            time.sleep(1)
        _log("scheduler stopped")


if __name__ == "__main__":
    Scheduler().loop()
