"""The per-sender lock that makes the flood and duplicate rules hold across processes.

The lock's effect (two workers' simultaneous posts serialise) is tested end to end
with gunicorn in test_load_safety.py; these check which locks a post takes.
"""

import pytest
from django.db import connection

from comments.services import comment_create, lock_sender
from tests.factories import make_article

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's"
)


def advisory_locks():
    """The advisory locks this connection's transaction holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT classid, objid FROM pg_locks"
            " WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted"
        )
        return set(cursor.fetchall())


@on_postgresql
def test_one_sender_written_differently_takes_the_same_locks():
    lock_sender(ip_address="2001:DB8::1", author_email=" Ann@Example.NET ")
    held = advisory_locks()
    lock_sender(ip_address="2001:db8:0:0::1", author_email="ann@example.net")
    assert len(held) == 2
    assert advisory_locks() == held


@on_postgresql
@pytest.mark.parametrize(
    ("second_ip", "second_email", "locks"),
    [
        ("203.0.113.7", "bob@example.net", 3),
        ("198.51.100.9", "ann@example.net", 3),
        ("198.51.100.9", "bob@example.net", 4),
        (None, "", 2),
    ],
    ids=["same-ip", "same-email", "other-sender", "nothing-to-lock"],
)
def test_each_ip_and_each_email_has_its_own_lock(second_ip, second_email, locks):
    lock_sender(ip_address="203.0.113.7", author_email="ann@example.net")
    lock_sender(ip_address=second_ip, author_email=second_email)
    assert len(advisory_locks()) == locks


@on_postgresql
def test_posting_a_comment_holds_the_senders_locks_until_the_transaction_ends():
    comment_create(
        article=make_article(),
        parent=None,
        author_name="Ann",
        author_email="ann@example.net",
        body="Un avis.",
        ip_address="203.0.113.7",
    )
    held = advisory_locks()
    lock_sender(ip_address="203.0.113.7", author_email="ann@example.net")
    assert len(held) == 2
    assert advisory_locks() == held


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_sqlite_needs_no_lock_query(django_assert_num_queries):
    # BEGIN IMMEDIATE already serialises every writing transaction.
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with django_assert_num_queries(0):
        lock_sender(ip_address="203.0.113.7", author_email="ann@example.net")
