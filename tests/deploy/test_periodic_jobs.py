"""Periodic jobs: each command that must run on a schedule has a timer, and the stack runs it.

The timers (``deploy/systemd/newsroom-<job>.timer``) each start
``newsroom-job@<job>.service`` (``manage.py <job>``); the loopback stack runs the
same jobs from ``deploy/scheduler.py``. A command is periodic when its module
docstring speaks of a schedule (cron, timer, "every day"...), when the README
gives a crontab line for it, or when it is one of the third-party housekeeping
commands listed below.
"""

import ast
import importlib.util
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from tests.live import BASE_DIR

SYSTEMD = BASE_DIR / "deploy" / "systemd"
JOB_TEMPLATE = "newsroom-job@.service"
# Housekeeping that other packages ship and that this site needs on a schedule:
# captchas (django-simple-captcha), task rows (django-tasks-db), sessions (cached_db).
THIRD_PARTY_PERIODIC = {"captcha_clean", "prune_db_task_results", "clearsessions"}
SCHEDULE_WORDS = re.compile(r"\b(cron|schedule[ds]?|timers?|every day|daily|hourly)\b", re.I)
MINUTE = 60
DAY = 24 * 60 * MINUTE

_spec = importlib.util.spec_from_file_location("scheduler", BASE_DIR / "deploy" / "scheduler.py")
scheduler = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scheduler)


def parse_unit(path):
    """{section: {key: [values...]}} of a systemd unit file; repeated keys keep every value."""
    sections = {}
    current = None
    for raw in Path(path).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None, f"{path}: {line!r} outside a section"
        assert "=" in line, f"{path}: {line!r} is not key=value"
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def timers(folder=SYSTEMD):
    """{job: parsed timer} for every newsroom-<job>.timer."""
    return {
        path.name.removeprefix("newsroom-").removesuffix(".timer"): parse_unit(path)
        for path in sorted(folder.glob("newsroom-*.timer"))
    }


def job_arguments(job, folder=SYSTEMD):
    """The JOB_ARGS a drop-in gives one job's service, as argv words."""
    words = []
    for path in sorted(folder.glob(f"newsroom-job@{job}.service.d/*.conf")):
        for value in parse_unit(path).get("Service", {}).get("Environment", []):
            for assignment in shlex.split(value):
                name, _, arguments = assignment.partition("=")
                if name == "JOB_ARGS":
                    words.extend(arguments.split())
    return words


def periodic_commands():
    """Commands that say they must run on a schedule, in their docstring or the README."""
    found = set(THIRD_PARTY_PERIODIC)
    for path in BASE_DIR.glob("*/management/commands/*.py"):
        docstring = ast.get_docstring(ast.parse(path.read_text())) or ""
        if SCHEDULE_WORDS.search(docstring):
            found.add(path.stem)
    readme = (BASE_DIR / "README.md").read_text()
    # Crontab lines: five schedule fields, then a command that calls manage.py.
    for match in re.finditer(r"(?:\S+\s+){5}cd \S+ && \S+ manage\.py (\w+)", readme):
        found.add(match.group(1))
    return found


def interval(on_calendar):
    """The period in seconds of the OnCalendar forms the timers use."""
    if match := re.fullmatch(r"\*:0/(\d+)", on_calendar):
        return int(match.group(1)) * MINUTE
    if re.fullmatch(r"\*-\*-\* \d\d:\d\d", on_calendar):
        return DAY
    raise AssertionError(f"unexpected OnCalendar={on_calendar}")


def test_every_periodic_command_has_a_timer():
    """A command that must run on a schedule has its newsroom-<command>.timer."""
    periodic = periodic_commands()
    assert {"comments_erase_network_data", "comments_send_reply_notifications"} <= periodic
    assert periodic - set(timers()) == set()


@pytest.mark.parametrize("job", sorted(timers()))
def test_each_timer_runs_an_existing_command(job, settings):
    """Each timer starts the job template on an existing command, catches up, and is wanted."""
    # Production's tasks backend (prune_db_task_results refuses any other).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    timer = timers()[job]
    commands = get_commands()
    assert job in commands, f"newsroom-{job}.timer runs no command: manage.py {job}"
    assert timer["Timer"]["Unit"] == [f"newsroom-job@{job}.service"]
    assert interval(timer["Timer"]["OnCalendar"][0]) > 0
    assert timer["Timer"]["Persistent"] == ["true"]
    assert timer["Timer"]["RandomizedDelaySec"]
    assert timer["Install"]["WantedBy"] == ["newsroom.target"]
    wanted = " ".join(parse_unit(SYSTEMD / "newsroom.target")["Unit"]["Wants"]).split()
    assert f"newsroom-{job}.timer" in wanted
    # Its arguments are ones the command accepts (argparse exits on anything else).
    command = load_command_class(commands[job], job)
    command.create_parser("manage.py", job).parse_args(job_arguments(job))


def test_target_wants_only_existing_timers():
    """newsroom.target names no timer that is missing from deploy/systemd/."""
    wanted = " ".join(parse_unit(SYSTEMD / "newsroom.target")["Unit"]["Wants"]).split()
    named = {unit.removeprefix("newsroom-").removesuffix(".timer") for unit in wanted}
    assert {name for name in named if not name.endswith(".service")} == set(timers())


def test_job_template_runs_manage_py_like_the_worker():
    """The oneshot job template uses the worker's user, folder and environment file."""
    job = parse_unit(SYSTEMD / JOB_TEMPLATE)["Service"]
    worker = parse_unit(SYSTEMD / "newsroom-worker@.service")["Service"]
    assert job["Type"] == ["oneshot"]
    for key in ("User", "Group", "WorkingDirectory", "EnvironmentFile"):
        assert job[key] == worker[key], key
    python = worker["ExecStart"][0].split()[0]
    assert job["ExecStart"] == [f"{python} manage.py %i $JOB_ARGS"]


def test_the_stack_scheduler_runs_the_timers_jobs():
    """deploy/scheduler.py runs the timers' jobs, with their arguments and periods."""
    expected = {
        job: (tuple(job_arguments(job)), interval(timer["Timer"]["OnCalendar"][0]))
        for job, timer in timers().items()
    }
    assert {name: (args, every) for name, args, every in scheduler.JOBS} == expected


def test_scheduler_runs_every_job_at_start_then_each_when_due():
    """First pass: every job; later, only those whose next run has come."""
    assert scheduler.due({}, now=0) == list(scheduler.JOBS)
    next_runs = {name: every for name, _args, every in scheduler.JOBS}
    assert scheduler.due(next_runs, now=10 * MINUTE) == [
        job for job in scheduler.JOBS if job[2] <= 10 * MINUTE
    ]
    assert scheduler.due(next_runs, now=DAY) == list(scheduler.JOBS)


def test_readme_table_lists_every_timer():
    """The README's "Periodic jobs" table has one row per timer."""
    readme = (BASE_DIR / "README.md").read_text()
    section = readme.split("### Periodic jobs", 1)[1].split("\n#", 1)[0]
    rows = set(re.findall(r"^\| `(\w+)", section, re.MULTILINE))
    assert rows == set(timers())


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_units_pass_systemd_analyze_verify(tmp_path):
    """systemd reads every unit without a complaint (the /srv paths aside, absent here)."""
    for path in SYSTEMD.iterdir():
        if path.is_dir():
            shutil.copytree(path, tmp_path / path.name)
        else:
            shutil.copy(path, tmp_path / path.name)
    units = ["newsroom.target", "newsroom-migrate.service", "newsroom-app@8801.service"]
    units += ["newsroom-worker@default.service"]
    units += [f"newsroom-{job}.timer" for job in timers()]
    units += [f"newsroom-job@{job}.service" for job in timers()]
    result = subprocess.run(
        ["systemd-analyze", "verify", *units],
        cwd=tmp_path,
        env={"SYSTEMD_UNIT_PATH": f"{tmp_path}:", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    complaints = [
        line
        for line in result.stderr.splitlines()
        if line and "/srv/newsroom/.venv/bin/" not in line
    ]
    assert complaints == []
