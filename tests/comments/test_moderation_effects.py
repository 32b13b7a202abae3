"""What readers see after a decision: the public page, its count, replies, the blocklist."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from tests.factories import comment_form_data, make_article, make_comment
from tests.html import by_id, parse, text

pytestmark = pytest.mark.django_db

Status = Comment.Status


def open_article(**fields):
    """An article that takes comments whatever the factory's sequence has reached.

    The factory dates each new article an hour further back; late in a long
    run that passes COMMENTS_CLOSE_AFTER_DAYS and the article closes.
    """
    return make_article(published_at=timezone.now() - timedelta(hours=1), **fields)


def public_page(article):
    """The article as an anonymous reader gets it (fresh client: no session, no cookies)."""
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    return response.text


def comments_title(page):
    return " ".join(text(by_id(parse(page), "comments-title")).split())


def act(moderator_client, comment, to_status):
    """One decision through the change page's button, as a moderator clicks it."""
    response = moderator_client.post(
        reverse("admin:comments_comment_moderate", args=[comment.pk]), {"to_status": to_status}
    )
    assert response.status_code == 302


def test_approval_publishes_the_comment_and_the_count_follows(moderator_client):
    article = open_article()
    comment = make_comment(article=article, body="Une remarque très pertinente.")
    page = public_page(article)
    assert "Une remarque très pertinente." not in page
    assert comments_title(page) == "0 commentaire"

    act(moderator_client, comment, Status.APPROVED)

    page = public_page(article)
    assert "Une remarque très pertinente." in page
    assert f'id="comment-{comment.pk}"' in page
    assert comments_title(page) == "1 commentaire"


@pytest.mark.parametrize("to_status", [Status.REJECTED, Status.SPAM, Status.PENDING])
def test_rejection_spam_or_back_to_pending_withdraws_a_published_comment(
    moderator_client, to_status
):
    article = open_article()
    make_comment(article=article, status=Status.APPROVED, body="Celui-ci reste.")
    withdrawn = make_comment(article=article, status=Status.APPROVED, body="Celui-là part.")
    page = public_page(article)
    assert "Celui-là part." in page
    assert comments_title(page) == "2 commentaires"

    act(moderator_client, withdrawn, to_status)

    page = public_page(article)
    assert "Celui-là part." not in page
    assert f'id="comment-{withdrawn.pk}"' not in page
    assert "Celui-ci reste." in page
    assert comments_title(page) == "1 commentaire"


def test_the_listing_count_follows_moderation(moderator_client):
    article = open_article(title="Un article commenté")
    comment = make_comment(article=article)
    home = Client().get(reverse("articles:home")).text
    assert "0 commentaire" in home
    act(moderator_client, comment, Status.APPROVED)
    assert "1 commentaire" in Client().get(reverse("articles:home")).text


def test_an_approved_reply_appears_under_its_parent(moderator_client):
    article = open_article()
    parent = make_comment(article=article, status=Status.APPROVED, body="Le message d'origine.")
    reply = make_comment(article=article, parent=parent, body="Une réponse argumentée.")
    assert "Une réponse argumentée." not in public_page(article)

    # The keyboard queue's background POST, as the script sends it.
    response = moderator_client.post(
        reverse("admin:comments_comment_moderate", args=[reply.pk]),
        {"to_status": Status.APPROVED},
        headers={"accept": "application/json"},
    )
    assert response.json()["changed"] is True

    document = parse(public_page(article))
    parent_item = by_id(document, f"comment-{parent.pk}")
    reply_items = [
        element for element in parent_item.iter("li") if element.get("id") == f"comment-{reply.pk}"
    ]
    assert len(reply_items) == 1
    assert "Une réponse argumentée." in text(reply_items[0])


@pytest.mark.parametrize("by", ["email", "ip"])
def test_blocking_an_author_sends_their_next_comment_to_spam(moderator_client, by):
    """Block from the change page, then the same author posts again: straight to spam."""
    article = open_article()
    reader = Client()
    post_url = reverse("comments:post", kwargs={"slug": article.slug})
    first_data = comment_form_data(
        article, author_email="Fauteur@Example.net", body="Premier message."
    )
    assert reader.post(post_url, first_data).status_code == 302
    first = Comment.objects.get()
    assert first.status == Status.PENDING
    assert first.ip_address == "127.0.0.1"

    response = moderator_client.post(
        reverse("admin:comments_comment_block", args=[first.pk]), {"by": by}
    )
    assert response.status_code == 302

    # Another browser for the IP case, another address for the e-mail case:
    # only the blocked trait is shared with the first comment.
    second_data = comment_form_data(
        article,
        author_email="fauteur@example.net" if by == "email" else "autre@example.org",
        body="Second message, tout autre.",
    )
    remote_addr = "127.0.0.1" if by == "ip" else "198.51.100.77"
    assert Client(REMOTE_ADDR=remote_addr).post(post_url, second_data).status_code == 302
    second = Comment.objects.exclude(pk=first.pk).get()
    assert second.status == Status.SPAM
    assert f"blocklist_{by}" in second.flag_reasons
    assert "Second message" not in public_page(article)


def test_an_author_who_is_not_blocked_stays_pending(moderator_client):
    """The same two posts without the block: the second is held, not spam."""
    article = open_article()
    post_url = reverse("comments:post", kwargs={"slug": article.slug})
    Client().post(post_url, comment_form_data(article, author_email="x@example.net"))
    Client(REMOTE_ADDR="198.51.100.78").post(
        post_url, comment_form_data(article, author_email="y@example.org", body="Autre texte.")
    )
    assert set(Comment.objects.values_list("status", flat=True)) == {Status.PENDING}
