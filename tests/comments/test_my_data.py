"""The commenter's own data (comments/privacy.py): signed link, listing, JSON export, erasure."""

import json
import re
import time
from unittest import mock

import pytest
from django.core import signing
from django.db import connection
from django.urls import reverse

from comments import privacy
from comments.models import Comment, ModerationEvent
from tests.factories import approve, make_article, make_comment
from tests.html import parse, text

pytestmark = pytest.mark.django_db

ADDRESS = "Zoe.Secret@Example.org"
LINK = re.compile(r"https?://[^\s]+/commentaires/mes-donnees/[^\s/]+/")


def request_link(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("comments:my_data_request"), {"email": email}, follow=True)


def data_url(mailoutbox):
    return LINK.search(mailoutbox[-1].body).group(0)


def test_the_answer_is_identical_for_known_and_unknown_addresses(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """Nobody learns who commented: same redirect, same page, only the inbox differs."""
    make_comment(author_email=ADDRESS)
    known = request_link(client, ADDRESS, django_capture_on_commit_callbacks)
    unknown = request_link(client, "nobody@example.org", django_capture_on_commit_callbacks)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", known.text) == strip.sub("", unknown.text)
    assert [message.to for message in mailoutbox] == [[ADDRESS]]


def test_the_link_arrives_by_email_and_names_no_address(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    make_comment(author_email=ADDRESS)
    request_link(client, ADDRESS.upper(), django_capture_on_commit_callbacks)
    token = data_url(mailoutbox).rstrip("/").rsplit("/", 1)[1]
    payload = signing.loads(token, salt=privacy.DATA_LINK_SALT)
    assert "@" not in json.dumps(payload)
    assert client.get(data_url(mailoutbox)).status_code == 200


def test_one_link_per_address_per_window(client, mailoutbox, django_capture_on_commit_callbacks):
    make_comment(author_email=ADDRESS)
    for _ in range(3):
        request_link(client, ADDRESS, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1


def test_the_page_lists_own_comments_in_any_state_and_nobody_elses(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    article = make_article()
    approved = make_comment(article=article, author_email=ADDRESS, body="Publié ici.")
    approve(approved)
    pending = make_comment(article=article, author_email=ADDRESS.lower(), body="En attente.")
    spam = make_comment(author_email=ADDRESS, body="Classé spam.", status=Comment.Status.SPAM)
    make_comment(article=article, author_email="other@example.org", body="Pas le mien.")
    request_link(client, ADDRESS, django_capture_on_commit_callbacks)
    response = client.get(data_url(mailoutbox))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert response["Referrer-Policy"] == "same-origin"
    page = text(parse(response.text))
    for shown in ("Publié ici.", "En attente.", "Classé spam."):
        assert shown in page
    assert "Pas le mien." not in page
    assert {approved.pk, pending.pk, spam.pk} == set(
        privacy.comments_of(ADDRESS).values_list("pk", flat=True)
    )


def test_the_export_holds_every_field_of_every_comment(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    comment = make_comment(
        author_email=ADDRESS,
        author_name="Zoé",
        author_url="https://zoe.example",
        body="Mon <b>avis</b>.",
        ip_address="203.0.113.9",
        user_agent="Firefox",
    )
    request_link(client, ADDRESS, django_capture_on_commit_callbacks)
    response = client.get(data_url(mailoutbox) + "export.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["email"] == ADDRESS
    (entry,) = data["comments"]
    assert entry["id"] == comment.pk
    assert entry["name"] == "Zoé"
    assert entry["website"] == "https://zoe.example"
    assert entry["text"] == "Mon <b>avis</b>."
    assert entry["ip_address"] == "203.0.113.9"
    assert entry["user_agent"] == "Firefox"
    assert entry["article"] == comment.article.title
    assert entry["status"] == "pending"


@pytest.mark.parametrize("keep_text", [False, True])
def test_erasure_leaves_no_trace_of_the_address_in_the_database(
    client, mailoutbox, django_capture_on_commit_callbacks, keep_text
):
    article = make_article()
    mine = make_comment(
        article=article,
        author_email=ADDRESS,
        author_name="Zoé Secret",
        author_url="https://zoe-secret.example",
        body="Mon texte à moi.",
        ip_address="203.0.113.77",
        user_agent="ZoeBrowser/1.0",
        notify_on_approval=True,
    )
    approve(mine)
    reply = make_comment(article=article, parent=mine, body="Une réponse d'autrui.")
    approve(reply)
    request_link(client, ADDRESS, django_capture_on_commit_callbacks)
    url = data_url(mailoutbox)
    choice = "keep" if keep_text else "remove"
    response = client.post(url, {"text": choice, "confirm": "on"}, follow=True)
    assert response.status_code == 200
    assert "efface=1" in response.redirect_chain[-1][0]

    mine.refresh_from_db()
    assert (mine.author_name, mine.author_email, mine.author_url) == ("", "", "")
    assert (mine.ip_address, mine.user_agent, mine.notify_on_approval) == (None, "", False)
    assert mine.erased_at is not None
    assert (mine.body == "Mon texte à moi.") is keep_text
    assert Comment.objects.filter(pk=reply.pk, status=Comment.Status.APPROVED).exists()
    event = ModerationEvent.objects.filter(comment=mine).first()
    assert event.actor is None
    assert "erased by its author" in event.note

    # Every text column of every table: the address, the name, the site, the IP are gone.
    for secret in (ADDRESS, "zoe secret", "zoe-secret.example", "203.0.113.77", "ZoeBrowser"):
        assert not rows_containing(secret), secret

    page = client.get(article.get_absolute_url()).text
    assert "Une réponse d'autrui." in page
    assert ("Mon texte à moi." in page) is keep_text
    assert ("Commentaire supprimé par son auteur." in page) is not keep_text
    # The link opens nothing any more.
    assert client.get(url).status_code == 400


def rows_containing(secret):
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            description = connection.introspection.get_table_description(cursor, table)
            quoted = connection.ops.quote_name(table)
            for column in description:
                name = connection.ops.quote_name(column.name)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quoted} WHERE LOWER(CAST({name} AS TEXT)) LIKE %s",  # noqa: S608
                    [f"%{secret.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found


def test_erasure_needs_confirmation(client, mailoutbox, django_capture_on_commit_callbacks):
    comment = make_comment(author_email=ADDRESS)
    request_link(client, ADDRESS, django_capture_on_commit_callbacks)
    response = client.post(data_url(mailoutbox), {"text": "remove"})
    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.author_email == ADDRESS


def test_an_expired_link_says_so(client):
    """Links work for 24 hours; an older one gets a message that says it expired."""
    comment = make_comment(author_email=ADDRESS)
    issued = time.time() - privacy.DATA_LINK_MAX_AGE - 60
    with mock.patch("django.core.signing.time.time", return_value=issued):
        token = privacy.make_data_token(comment)
    response = client.get(reverse("comments:my_data", kwargs={"token": token}))
    assert response.status_code == 400
    assert "expiré" in response.text
    assert "Zoe" not in response.text


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "x" + t, lambda t: "abc"])
def test_a_tampered_link_opens_nothing(client, mangle):
    comment = make_comment(author_email=ADDRESS)
    token = mangle(privacy.make_data_token(comment))
    response = client.get(reverse("comments:my_data", kwargs={"token": token}))
    assert response.status_code == 400
    assert ADDRESS not in response.text
    export = client.get(reverse("comments:my_data_export", kwargs={"token": token}))
    assert export.status_code == 400
