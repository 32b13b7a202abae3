"""Unsubscribe links in commenters' e-mails: GET shows a choice, POST acts, links expire."""

import time
from unittest import mock

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from comments import review
from comments.emails import make_unsubscribe_token
from comments.models import Comment, MailOptOut
from tests.factories import approve, make_comment

pytestmark = pytest.mark.django_db


def unsubscribe_url(token):
    return reverse("comments:unsubscribe", kwargs={"token": token})


def test_a_get_only_shows_the_choice_and_unsubscribes_nothing(client):
    """Mail scanners open links: a GET must change nothing."""
    comment = make_comment(notify_on_approval=True, notify_on_reply=True)
    response = client.get(unsubscribe_url(make_unsubscribe_token(comment)))
    assert response.status_code == 200
    assert 'method="post"' in response.text
    assert "tous les e-mails de ce site à mon adresse" in response.text
    comment.refresh_from_db()
    assert comment.notify_on_approval
    assert comment.notify_on_reply


def test_choosing_this_comment_stops_only_its_emails(client):
    mine = make_comment(
        author_email="alice@example.net", notify_on_approval=True, notify_on_reply=True
    )
    also_mine = make_comment(author_email="Alice@Example.net", notify_on_reply=True)
    response = client.post(unsubscribe_url(make_unsubscribe_token(mine)), {"scope": "comment"})
    assert response.status_code == 200
    assert "vous ne recevrez plus d’e-mail au sujet de ce commentaire" in response.text  # noqa: RUF001
    assert "alice@example.net" not in response.text.lower()
    mine.refresh_from_db()
    also_mine.refresh_from_db()
    assert (mine.notify_on_approval, mine.notify_on_reply) == (False, False)
    assert also_mine.notify_on_reply
    assert not MailOptOut.objects.exists()


def test_choosing_everything_stops_every_email_to_the_address(client):
    mine = make_comment(author_email="alice@example.net", notify_on_reply=True)
    also_mine = make_comment(author_email="Alice@Example.net", notify_on_approval=True)
    someone_else = make_comment(author_email="bob@example.net", notify_on_approval=True)
    client.post(unsubscribe_url(make_unsubscribe_token(mine)), {"scope": "all"})
    assert MailOptOut.objects.covers("ALICE@example.net ")
    assert set(Comment.objects.filter(notify_on_approval=True)) == {someone_else}
    also_mine.refresh_from_db()
    assert not also_mine.notify_on_approval
    # The opt-out keeps no address in clear.
    assert "alice" not in MailOptOut.objects.get().address_digest


def test_the_mail_clients_one_click_post_works_without_a_session_or_csrf_token():
    """RFC 8058: the client POSTs ``List-Unsubscribe=One-Click`` to the URL, nothing else."""
    comment = make_comment(notify_on_approval=True, notify_on_reply=True)
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_url(make_unsubscribe_token(comment)), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    comment.refresh_from_db()
    assert (comment.notify_on_approval, comment.notify_on_reply) == (False, False)


def test_the_link_in_the_email_is_the_one_that_works(
    client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    comment = make_comment(notify_on_approval=True)
    with django_capture_on_commit_callbacks(execute=True):
        review.change_status(comments=[comment], to_status="approved", actor=moderator)
    link = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path, {"List-Unsubscribe": "One-Click"})
    comment.refresh_from_db()
    assert comment.notify_on_approval is False


def test_after_opting_out_of_everything_no_email_is_sent(
    client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    earlier = make_comment(author_email="carol@example.net", notify_on_approval=True)
    client.post(unsubscribe_url(make_unsubscribe_token(earlier)), {"scope": "all"})
    later = make_comment(
        author_email="carol@example.net", notify_on_approval=True, notify_on_reply=True
    )
    approve(later)
    reply = make_comment(article=later.article, parent=later)
    with django_capture_on_commit_callbacks(execute=True):
        review.change_status(comments=[reply], to_status="approved", actor=moderator)
    later.status = "pending"
    Comment.objects.filter(pk=later.pk).update(status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        review.change_status(comments=[later], to_status="approved", actor=moderator)
    assert mailoutbox == []


def test_an_expired_link_says_so_and_changes_nothing(client, settings):
    settings.COMMENTS_UNSUBSCRIBE_LINK_DAYS = 90
    comment = make_comment(notify_on_approval=True)
    issued = time.time() - 91 * 24 * 60 * 60
    with mock.patch("django.core.signing.time.time", return_value=issued):
        token = make_unsubscribe_token(comment)
    response = client.post(unsubscribe_url(token), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 400
    assert "a expiré" in response.text
    comment.refresh_from_db()
    assert comment.notify_on_approval


def test_a_link_within_its_lifetime_still_works(client, settings):
    settings.COMMENTS_UNSUBSCRIBE_LINK_DAYS = 90
    comment = make_comment(notify_on_approval=True)
    issued = time.time() - 89 * 24 * 60 * 60
    with mock.patch("django.core.signing.time.time", return_value=issued):
        token = make_unsubscribe_token(comment)
    assert client.post(unsubscribe_url(token), {"scope": "comment"}).status_code == 200


def tampered(token):
    last = token[-1]
    return token[:-1] + ("A" if last != "A" else "B")


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(lambda c: tampered(make_unsubscribe_token(c)), id="altered-signature"),
        pytest.param(lambda c: make_unsubscribe_token(c)[:-6], id="cut"),
        pytest.param(lambda c: signing.dumps(c.pk), id="signed-for-something-else"),
        pytest.param(
            lambda c: signing.dumps(
                c.pk + 1, salt="comments.notifications.unsubscribe", key="guessed-key"
            ),
            id="forged-with-another-key",
        ),
        pytest.param(lambda c: "n-importe-quoi", id="garbage"),
    ],
)
def test_a_tampered_link_is_refused_with_a_clear_message(client, make_token):
    comment = make_comment(notify_on_approval=True)
    other = make_comment(notify_on_approval=True)
    response = client.post(unsubscribe_url(make_token(comment)), {"scope": "all"})
    assert response.status_code == 400
    assert "lien de désabonnement n’est pas valide" in response.text  # noqa: RUF001
    assert Comment.objects.filter(notify_on_approval=True).count() == 2
    assert other.notify_on_approval
    assert not MailOptOut.objects.exists()


def test_a_link_for_a_deleted_comment_is_harmless(client):
    comment = make_comment(notify_on_approval=True)
    token = make_unsubscribe_token(comment)
    comment.delete()
    assert client.post(unsubscribe_url(token), {"scope": "all"}).status_code == 400
    assert not MailOptOut.objects.exists()


def test_the_page_is_never_cached(client):
    comment = make_comment(notify_on_approval=True)
    response = client.get(unsubscribe_url(make_unsubscribe_token(comment)))
    assert "no-cache" in response["Cache-Control"]


def test_the_page_speaks_english_on_request(client):
    comment = make_comment(notify_on_approval=True)
    response = client.post(
        unsubscribe_url(make_unsubscribe_token(comment)),
        {"scope": "comment"},
        headers={"accept-language": "en"},
    )
    assert "you will receive no more e-mail about this comment" in response.text
