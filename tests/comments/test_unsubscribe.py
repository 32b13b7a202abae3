"""The approval e-mail's signed one-click unsubscribe link."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from comments import review
from comments.emails import make_unsubscribe_token
from comments.models import Comment
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


def unsubscribe_url(token):
    return reverse("comments:unsubscribe", kwargs={"token": token})


def test_the_link_turns_off_notifications_for_every_comment_of_that_commenter(client):
    mine = make_comment(author_email="alice@example.net", notify_on_approval=True)
    also_mine = make_comment(author_email="Alice@Example.net", notify_on_approval=True)
    someone_else = make_comment(author_email="bob@example.net", notify_on_approval=True)
    response = client.get(unsubscribe_url(make_unsubscribe_token(mine)))
    assert response.status_code == 200
    assert "vous ne recevrez plus d’e-mail" in response.text  # noqa: RUF001
    assert "alice@example.net" not in response.text.lower()
    assert set(Comment.objects.filter(notify_on_approval=True)) == {someone_else}
    assert also_mine not in Comment.objects.filter(notify_on_approval=True)


def test_the_mail_clients_one_click_post_works_without_a_session_or_csrf_token():
    """RFC 8058: the client POSTs to the List-Unsubscribe URL with nothing else."""
    comment = make_comment(notify_on_approval=True)
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_url(make_unsubscribe_token(comment)), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.notify_on_approval is False


def test_the_link_in_the_email_is_the_one_that_works(
    client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    comment = make_comment(notify_on_approval=True)
    with django_capture_on_commit_callbacks(execute=True):
        review.change_status(comments=[comment], to_status="approved", actor=moderator)
    link = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.get("/" + path)
    comment.refresh_from_db()
    assert comment.notify_on_approval is False


def test_after_unsubscribing_no_approval_email_is_sent(
    client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    earlier = make_comment(author_email="carol@example.net", notify_on_approval=True)
    later = make_comment(author_email="carol@example.net", notify_on_approval=True)
    client.get(unsubscribe_url(make_unsubscribe_token(earlier)))
    with django_capture_on_commit_callbacks(execute=True):
        review.change_status(comments=[later], to_status="approved", actor=moderator)
    assert mailoutbox == []


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
    response = client.get(unsubscribe_url(make_token(comment)))
    assert response.status_code == 400
    assert "lien de désabonnement n’est pas valide" in response.text  # noqa: RUF001
    assert Comment.objects.filter(notify_on_approval=True).count() == 2
    assert other.notify_on_approval


def test_a_link_for_a_deleted_comment_is_harmless(client):
    comment = make_comment(notify_on_approval=True)
    token = make_unsubscribe_token(comment)
    comment.delete()
    assert client.get(unsubscribe_url(token)).status_code == 200


def test_the_page_is_never_cached(client):
    comment = make_comment(notify_on_approval=True)
    response = client.get(unsubscribe_url(make_unsubscribe_token(comment)))
    assert "no-cache" in response["Cache-Control"]


def test_the_page_speaks_english_on_request(client):
    comment = make_comment(notify_on_approval=True)
    response = client.get(
        unsubscribe_url(make_unsubscribe_token(comment)), headers={"accept-language": "en"}
    )
    assert "you will no longer receive an e-mail" in response.text
