"""comments.review: status changes with their history, the approval e-mail, the blocklist."""

import pytest

from comments import review
from comments.models import BlocklistEntry, Comment, ModerationEvent
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

Status = Comment.Status

TRANSITIONS = [
    (Status.PENDING, Status.APPROVED),
    (Status.PENDING, Status.REJECTED),
    (Status.PENDING, Status.SPAM),
    (Status.APPROVED, Status.PENDING),
    (Status.APPROVED, Status.REJECTED),
    (Status.SPAM, Status.APPROVED),
    (Status.REJECTED, Status.PENDING),
]


@pytest.mark.parametrize(("from_status", "to_status"), TRANSITIONS)
def test_each_status_change_records_who_when_from_and_to(moderator, from_status, to_status):
    """One history row per comment that moved, naming the moderator and both states."""
    comment = make_comment(status=from_status)
    changed = review.change_status(
        comments=[comment], to_status=to_status, actor=moderator, note="via test"
    )
    assert [c.pk for c in changed] == [comment.pk]
    comment.refresh_from_db()
    assert comment.status == to_status
    event = ModerationEvent.objects.get(comment=comment)
    assert (event.actor, event.from_status, event.to_status, event.note) == (
        moderator,
        from_status,
        to_status,
        "via test",
    )
    assert event.created_at is not None


def test_a_queryset_of_comments_moves_together(moderator):
    """Bulk changes take a queryset and leave comments outside it alone."""
    article = make_article()
    chosen = [make_comment(article=article) for _ in range(3)]
    other = make_comment()
    review.change_status(
        comments=Comment.objects.filter(article=article), to_status=Status.SPAM, actor=moderator
    )
    assert set(Comment.objects.filter(status=Status.SPAM)) == set(chosen)
    other.refresh_from_db()
    assert other.status == Status.PENDING
    assert ModerationEvent.objects.count() == 3


def test_a_comment_already_in_the_state_gets_no_history_row(moderator):
    """Approving an approved comment is not a change and records nothing."""
    comment = make_comment(status=Status.APPROVED)
    assert (
        review.change_status(comments=[comment], to_status=Status.APPROVED, actor=moderator) == []
    )
    assert not ModerationEvent.objects.exists()


def test_an_unknown_state_is_refused(moderator):
    comment = make_comment()
    with pytest.raises(ValueError, match="Unknown comment status"):
        review.change_status(comments=[comment], to_status="published", actor=moderator)
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


@pytest.mark.parametrize(
    ("to_status", "is_public"),
    [(Status.APPROVED, True), (Status.REJECTED, False), (Status.SPAM, False)],
)
def test_the_public_set_follows_the_decision(moderator, to_status, is_public):
    """Only approval puts a comment among what the public sees."""
    comment = make_comment()
    review.change_status(comments=[comment], to_status=to_status, actor=moderator)
    assert (comment in Comment.objects.approved()) is is_public


def test_back_to_pending_withdraws_a_published_comment(moderator):
    comment = make_comment(status=Status.APPROVED)
    review.change_status(comments=[comment], to_status=Status.PENDING, actor=moderator)
    assert comment not in Comment.objects.approved()


def test_an_approved_reply_joins_its_parent(moderator):
    """Approving a reply makes it one of the parent's public replies."""
    parent = make_comment(status=Status.APPROVED)
    reply = make_comment(article=parent.article, parent=parent)
    assert list(parent.replies.approved()) == []
    review.change_status(comments=[reply], to_status=Status.APPROVED, actor=moderator)
    assert list(parent.replies.approved()) == [reply]


# The approval e-mail


@pytest.mark.parametrize(("opted_in", "sent"), [(True, 1), (False, 0)])
def test_the_approval_email_is_sent_only_on_opt_in(
    moderator, mailoutbox, django_capture_on_commit_callbacks, opted_in, sent
):
    comment = make_comment(notify_on_approval=opted_in)
    with django_capture_on_commit_callbacks(execute=True):
        review.change_status(comments=[comment], to_status=Status.APPROVED, actor=moderator)
    assert len(mailoutbox) == sent


@pytest.mark.parametrize("to_status", [Status.REJECTED, Status.SPAM])
def test_no_email_when_a_comment_is_not_approved(
    moderator, mailoutbox, django_capture_on_commit_callbacks, to_status
):
    comment = make_comment(notify_on_approval=True)
    with django_capture_on_commit_callbacks(execute=True):
        review.change_status(comments=[comment], to_status=to_status, actor=moderator)
    assert mailoutbox == []


def test_the_approval_email_is_sent_once_even_after_reapproval(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    """Approve, send back to pending, approve again: one e-mail in all."""
    comment = make_comment(notify_on_approval=True)
    with django_capture_on_commit_callbacks(execute=True):
        for to_status in (Status.APPROVED, Status.PENDING, Status.APPROVED):
            review.change_status(comments=[comment], to_status=to_status, actor=moderator)
    assert len(mailoutbox) == 1


def test_the_approval_email_waits_for_the_commit(moderator, mailoutbox):
    """Nothing is sent while the transaction that approves could still roll back."""
    comment = make_comment(notify_on_approval=True)
    review.change_status(comments=[comment], to_status=Status.APPROVED, actor=moderator)
    assert mailoutbox == []


# Blocking an author


@pytest.mark.parametrize(
    ("by", "expected"),
    [(BlocklistEntry.Kind.EMAIL, "spammer@example.net"), (BlocklistEntry.Kind.IP, "203.0.113.7")],
)
def test_block_author_puts_the_address_on_the_blocklist(moderator, by, expected):
    comment = make_comment(author_email="Spammer@Example.net", ip_address="203.0.113.7")
    entry, created = review.block_author(comment=comment, actor=moderator, by=by)
    assert created
    assert (entry.kind, entry.value, entry.created_by) == (by, expected, moderator)


def test_blocking_twice_keeps_one_entry(moderator):
    comment = make_comment(author_email="spammer@example.net")
    review.block_author(comment=comment, actor=moderator, by="email")
    _entry, created = review.block_author(comment=comment, actor=moderator, by="email")
    assert not created
    assert BlocklistEntry.objects.count() == 1


def test_blocking_by_ip_without_an_ip_is_refused(moderator):
    comment = make_comment(ip_address=None)
    with pytest.raises(review.BlockError):
        review.block_author(comment=comment, actor=moderator, by="ip")
    assert not BlocklistEntry.objects.exists()
