"""Abuse limits on posting: an hourly cap per sender (IP address or e-mail)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from tests.factories import comment_form_data, make_article, make_comment

pytestmark = pytest.mark.django_db


def post(client, article, **fields):
    url = reverse("comments:post", kwargs={"slug": article.slug})
    return client.post(url, comment_form_data(article, **fields))


@pytest.fixture
def cap(settings):
    settings.COMMENTS_MAX_PER_HOUR = 3
    settings.COMMENTS_FLOOD_SECONDS = 0
    return 3


def test_one_ip_beyond_the_hourly_cap_gets_429_in_french_and_nothing_is_stored(client, cap):
    article = make_article()
    for n in range(cap):
        assert post(client, article, author_email=f"l{n}@example.net").status_code == 302
    response = post(client, article, author_email="encore@example.net")
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Trop de commentaires" in response.text
    assert "dernière heure" in response.text
    assert Comment.objects.count() == cap


def test_one_email_beyond_the_cap_is_refused_from_any_address(cap):
    article = make_article()
    for n in range(cap):
        make_comment(article=article, author_email="Meme@Example.net", ip_address=f"198.51.100.{n}")
    response = post(Client(REMOTE_ADDR="203.0.113.9"), article, author_email="meme@example.net")
    assert response.status_code == 429
    assert Comment.objects.count() == cap


def test_other_senders_are_not_held_back(client, cap):
    article = make_article()
    for n in range(cap):
        make_comment(article=article, ip_address="198.51.100.7", author_email=f"x{n}@example.net")
    assert post(client, article, author_email="autre@example.net").status_code == 302


def test_comments_older_than_an_hour_do_not_count(client, cap):
    article = make_article()
    for n in range(cap):
        make_comment(article=article, ip_address="127.0.0.1", author_email=f"x{n}@example.net")
    Comment.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert post(client, article).status_code == 302


def test_the_cap_can_be_switched_off(client, settings):
    settings.COMMENTS_MAX_PER_HOUR = 0
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = make_article()
    for n in range(25):
        make_comment(article=article, ip_address="127.0.0.1", author_email=f"x{n}@example.net")
    assert post(client, article).status_code == 302


def test_the_default_cap_is_twenty_an_hour():
    from django.conf import settings

    assert settings.COMMENTS_MAX_PER_HOUR == 20


# -- one form token, one comment -----------------------------------------------------------


def test_the_same_submission_sent_twice_stores_one_comment_and_shows_it(client):
    """A double click or a proxy's retry: the second answer leads to the stored comment."""
    article = make_article()
    data = comment_form_data(article)
    url = reverse("comments:post", kwargs={"slug": article.slug})
    first = client.post(url, data)
    second = Client().post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Comment.objects.count() == 1


def test_a_used_token_cannot_carry_another_comment(client):
    article = make_article()
    data = comment_form_data(article)
    url = reverse("comments:post", kwargs={"slug": article.slug})
    assert client.post(url, data).status_code == 302
    replay = client.post(url, {**data, "body": "Un tout autre commentaire"}, follow=True)
    assert "déjà été envoyé" in replay.text
    assert "Un tout autre commentaire" in replay.text  # what they typed is kept
    assert Comment.objects.count() == 1


def test_each_form_gets_its_own_token():
    from comments.forms import make_form_token

    article = make_article()
    assert make_form_token(article, issued_at=1) != make_form_token(article, issued_at=1)
