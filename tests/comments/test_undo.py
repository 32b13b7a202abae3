"""Undo: every moderation decision can be taken back for a while, through comments.review."""

import re
import time

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client
from django.urls import reverse

from comments import review
from comments.models import Comment
from tests.factories import approve, make_article, make_comment
from tests.html import parse

pytestmark = pytest.mark.django_db

Status = Comment.Status
UNDO = reverse("admin:comments_comment_undo")
CHANGELIST = reverse("admin:comments_comment_changelist")
QUEUE = reverse("admin:comments_comment_queue")


def moderate_url(comment):
    return reverse("admin:comments_comment_moderate", args=[comment.pk])


def undo_forms(page):
    """The "Annuler" forms the messages of a page carry, as (action, {field: value})."""
    forms = []
    for form in parse(page).iter("form"):
        if "moderation-undo__form" in (form.get("class") or ""):
            fields = {field.get("name"): field.get("value") for field in form.iter("input")}
            forms.append((form.get("action"), fields))
    return forms


def submit_undo(client, page):
    ((action, fields),) = undo_forms(page)
    assert action == UNDO
    assert fields["csrfmiddlewaretoken"]
    return client.post(action, fields, follow=True)


def public_text(client, article):
    client.logout()
    return client.get(article.get_absolute_url()).text


def test_a_change_page_decision_offers_undo_and_undo_restores_with_its_own_history_row(
    moderator_client, moderator
):
    comment = make_comment()
    response = moderator_client.post(moderate_url(comment), {"to_status": "spam"}, follow=True)
    comment.refresh_from_db()
    assert comment.status == Status.SPAM

    response = submit_undo(moderator_client, response.text)
    assert "Décision annulée" in response.text
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    latest = comment.moderation_events.order_by("-pk").first()
    assert (latest.from_status, latest.to_status, latest.note) == (
        Status.SPAM,
        Status.PENDING,
        review.UNDO_NOTE,
    )
    assert latest.actor == moderator
    assert comment.moderation_events.count() == 2  # spam, then its undo


def test_the_undo_of_an_approval_takes_the_comment_off_the_public_page(
    moderator_client, moderator, client
):
    article = make_article()
    comment = make_comment(article=article, body="Un avis à retirer aussitôt.")
    response = moderator_client.post(moderate_url(comment), {"to_status": "approved"}, follow=True)
    assert "Un avis à retirer aussitôt." in client.get(article.get_absolute_url()).text
    submit_undo(moderator_client, response.text)
    # The page cache heard of it: the very next anonymous reader no longer sees it.
    assert "Un avis à retirer aussitôt." not in client.get(article.get_absolute_url()).text


def test_a_bulk_action_is_undone_in_one_click(moderator_client):
    comments = [make_comment() for _ in range(3)]
    response = moderator_client.post(
        CHANGELIST,
        {"action": "reject", "_selected_action": [c.pk for c in comments]},
        follow=True,
    )
    assert Comment.objects.filter(status=Status.REJECTED).count() == 3
    response = submit_undo(moderator_client, response.text)
    assert "3 commentaires ont retrouvé leur état précédent" in response.text
    assert Comment.objects.filter(status=Status.PENDING).count() == 3


def test_the_list_buttons_decide_in_one_click_and_offer_undo(moderator_client):
    comment = make_comment()
    page = moderator_client.get(CHANGELIST).text
    buttons = [
        button
        for button in parse(page).iter("button")
        if button.get("formaction") == moderate_url(comment)
    ]
    assert {b.get("value") for b in buttons} == {"approved", "rejected", "spam"}
    assert all(b.get("formmethod") == "post" for b in buttons)
    # The buttons submit the list's own form: its CSRF token goes with them.
    list_form = parse(page).find(".//form[@id='changelist-form']")
    assert list_form.find(".//input[@name='csrfmiddlewaretoken']") is not None
    assert any(b.get("formaction") == moderate_url(comment) for b in list_form.iter("button"))

    response = moderator_client.post(
        moderate_url(comment), {"to_status": "approved"}, headers={"referer": CHANGELIST}
    )
    assert response.status_code == 302
    assert response.url == CHANGELIST
    response = moderator_client.get(response.url)
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    submit_undo(moderator_client, response.text)
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_the_queue_answers_with_an_undo_token_and_the_undo_answers_in_json(moderator_client):
    comment = make_comment(author_name="Océane Petit")
    decided = moderator_client.post(
        moderate_url(comment), {"to_status": "spam"}, headers={"accept": "application/json"}
    ).json()
    assert decided["message"] == "Commentaire d\u2019Océane Petit marqué comme indésirable."
    assert decided["undo"]["url"] == UNDO
    undone = moderator_client.post(
        UNDO, {"token": decided["undo"]["token"]}, headers={"accept": "application/json"}
    )
    assert undone.status_code == 200
    assert undone.json()["restored"] == [comment.pk]
    assert undone.json()["pending_count"] == 1
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


@pytest.mark.parametrize(("seconds_later", "undone"), [(29, True), (301, False)])
def test_undo_lasts_at_least_thirty_seconds_then_expires(
    moderator_client, moderator, monkeypatch, seconds_later, undone
):
    assert settings.COMMENTS_UNDO_SECONDS >= 30
    comment = make_comment()
    token = review.undo_token(
        review.change_status(comments=[comment], to_status=Status.SPAM, actor=moderator)
    )
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + seconds_later)
    response = moderator_client.post(UNDO, {"token": token}, follow=True)
    comment.refresh_from_db()
    if undone:
        assert comment.status == Status.PENDING
    else:
        assert "ne peut plus être annulée" in response.text
        assert comment.status == Status.SPAM


def test_a_forged_token_undoes_nothing(moderator_client):
    comment = make_comment(status=Status.SPAM)
    forged = signing.dumps([[comment.pk, "approved", "spam"]], salt="another.salt")
    response = moderator_client.post(
        UNDO, {"token": forged}, headers={"accept": "application/json"}
    )
    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.status == Status.SPAM


def test_undo_never_overrides_a_later_decision(moderator_client, moderator):
    comment = make_comment()
    changed = review.change_status(comments=[comment], to_status=Status.SPAM, actor=moderator)
    token = review.undo_token(changed)
    review.change_status(comments=[comment], to_status=Status.APPROVED, actor=moderator)
    assert review.undo(token=token, actor=moderator) == []
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED


def test_undo_is_post_only_and_for_moderators(moderator_client, moderator):
    comment = make_comment()
    token = review.undo_token(
        review.change_status(comments=[comment], to_status=Status.SPAM, actor=moderator)
    )
    assert moderator_client.get(UNDO, {"token": token}).status_code == 405
    response = Client().post(UNDO, {"token": token})
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    comment.refresh_from_db()
    assert comment.status == Status.SPAM


def test_the_queue_without_javascript_comes_back_with_an_undo_button(moderator_client):
    comment = make_comment()
    response = moderator_client.post(
        moderate_url(comment), {"to_status": "rejected", "next": QUEUE}, follow=True
    )
    assert response.redirect_chain == [(QUEUE, 302)]
    ((_action, fields),) = undo_forms(response.text)
    assert fields["next"] == QUEUE
    response = moderator_client.post(UNDO, fields)
    assert response.url == QUEUE
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_the_undo_token_names_only_what_changed(moderator):
    already = make_comment()
    approve(already)
    fresh = make_comment()
    changed = review.change_status(
        comments=[already.pk, fresh.pk], to_status=Status.APPROVED, actor=moderator
    )
    moves = signing.loads(review.undo_token(changed), salt=review.UNDO_SALT)
    assert moves == [[fresh.pk, "pending", "approved"]]
    assert re.fullmatch(r"[\w.:-]+", review.undo_token(changed))
