"""Staff replies: a newsroom member answers a reader from the admin, published at once."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from comments import review, services
from comments.models import Comment
from tests.factories import make_comment, make_editor, make_moderator, make_staff
from tests.helpers import visible_text

pytestmark = pytest.mark.django_db

Status = Comment.Status


def reply_url(comment):
    return reverse("admin:comments_comment_reply", args=[comment.pk])


@pytest.mark.parametrize("make_member", [make_editor, make_moderator])
def test_editors_and_moderators_reply_and_the_reply_is_public_at_once(
    client, make_member, settings
):
    member = make_member(first_name="Claire", last_name="Dumas")
    parent = make_comment(status=Status.APPROVED, body="Pourquoi ce chiffre ?")
    client.force_login(member)
    response = client.post(
        reply_url(parent),
        {"body": "Il vient du rapport de l'Insee, page 12.", "next": "/admin/"},
    )
    assert response.status_code == 302
    reply = Comment.objects.get(parent=parent)
    assert reply.status == Status.APPROVED
    assert reply.staff_author == member
    assert reply.author_name == "Claire Dumas"
    assert reply.flag_reasons == []
    event = reply.moderation_events.get()
    assert (event.actor, event.to_status, event.note) == (
        member,
        Status.APPROVED,
        review.STAFF_REPLY_NOTE,
    )
    client.logout()
    page = client.get(parent.article.get_absolute_url()).text
    assert "Il vient du rapport de l'Insee, page 12." in page
    assert "Claire Dumas" in visible_text(page)


def test_a_reply_to_a_pending_comment_publishes_both(moderator_client, moderator):
    parent = make_comment()
    moderator_client.post(reply_url(parent), {"body": "Merci, c'est corrigé."})
    parent.refresh_from_db()
    assert parent.status == Status.APPROVED
    assert parent.moderation_events.get().note == review.STAFF_REPLY_NOTE
    assert Comment.objects.get(parent=parent).status == Status.APPROVED


@pytest.mark.parametrize("status", [Status.REJECTED, Status.SPAM])
def test_refused_comments_cannot_be_answered(moderator_client, status):
    parent = make_comment(status=status)
    response = moderator_client.post(reply_url(parent), {"body": "Réponse."}, follow=True)
    assert "Vous ne pouvez pas répondre à ce commentaire." in response.text
    assert not Comment.objects.filter(parent=parent).exists()
    parent.refresh_from_db()
    assert parent.status == status


@pytest.mark.parametrize("body", ["", "   ", "x" * 5001])
def test_an_empty_or_too_long_reply_is_refused_with_a_message(moderator_client, body):
    parent = make_comment(status=Status.APPROVED)
    response = moderator_client.post(reply_url(parent), {"body": body}, follow=True)
    assert "Écrivez une réponse de 5000 caractères au plus." in response.text
    assert not Comment.objects.filter(parent=parent).exists()


def test_staff_without_the_permission_cannot_reply(client):
    parent = make_comment(status=Status.APPROVED)
    client.force_login(make_staff())
    response = client.post(reply_url(parent), {"body": "Réponse."})
    assert response.status_code in (302, 403)
    assert not Comment.objects.filter(parent=parent).exists()
    with pytest.raises(PermissionDenied):
        services.comment_staff_reply(parent=parent, author=make_staff(), body="Réponse.")


def test_a_reply_is_sanitised_like_any_comment(moderator):
    parent = make_comment(status=Status.APPROVED)
    reply = services.comment_staff_reply(
        parent=parent,
        author=moderator,
        body='<script>alert(1)</script><a href="javascript:x">x</a>',
    )
    assert "<script" not in reply.body_html
    assert "javascript:" not in reply.body_html


def test_an_account_without_a_name_signs_as_the_newsroom(moderator):
    reply = services.comment_staff_reply(
        parent=make_comment(status=Status.APPROVED), author=moderator, body="Réponse."
    )
    assert reply.author_name == "La rédaction"
    assert moderator.username not in reply.author_name


def test_the_queue_and_the_change_page_offer_the_reply_form(moderator_client):
    comment = make_comment()
    for url in (
        reverse("admin:comments_comment_queue"),
        reverse("admin:comments_comment_change", args=[comment.pk]),
    ):
        page = moderator_client.get(url).text
        assert f'action="{reply_url(comment)}"' in page
        assert "Approuver et publier la réponse" in page


def test_the_reader_who_asked_hears_of_a_staff_reply(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    parent = make_comment(
        status=Status.APPROVED, author_email="curieuse@example.net", notify_on_reply=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_staff_reply(parent=parent, author=moderator, body="Voici la source.")
    (message,) = [m for m in mailoutbox if "curieuse@example.net" in m.to]
    assert "Voici la source." in message.body
