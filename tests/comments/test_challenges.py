"""Captcha challenges (comments/challenges.py): no GET makes one, POSTs do, within a limit."""

import re
import shutil

import pytest
from captcha.models import CaptchaStore
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.forms import CommentForm
from comments.models import Comment
from tests.factories import approve, comment_form_data, make_article, make_comment, make_user
from tests.helpers import whole_form_page
from tests.html import field, parse

pytestmark = pytest.mark.django_db

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
TOO_MANY_FR = "Trop de codes de sécurité ont été demandés depuis votre connexion."


def form_url(article):
    return reverse("comments:form_fresh", kwargs={"slug": article.slug})


def row_counts():
    """Rows in every table of the database, by table."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def article(settings):
    # Two top-level comments, one per page: page 2 exists.
    settings.COMMENTS_PER_PAGE = 1
    article = make_article(title="La rédaction en direct")
    for name in ("Alix", "Zoé"):
        approve(make_comment(article=article, author_name=name))
    return article


def test_no_public_get_writes_a_row_in_any_table(client, article):
    """Every kind of public page, with or without personal state: the database is unchanged."""
    parent = Comment.objects.filter(article=article).order_by("pk").first()
    url = article.get_absolute_url()
    # Made before counting: a live challenge to show, a remembered reader, a pending comment.
    response = client.post(form_url(article), {"fragment": "1"})
    key = field(parse(response.text), "captcha_0").get("value")
    remembered = Client()
    remembered.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        comment_form_data(article, remember="on"),
    )
    staff = Client()
    staff.force_login(make_user(is_staff=True))
    pages = [
        url,
        url,  # the shared copy, now from the cache
        f"{url}?utm_source=lettre&fbclid=abc",
        f"{url}?page=2",
        f"{url}?commenter=1",
        f"{url}?commenter={'0' * 40}",
        f"{url}?commenter={key}",
        f"{url}?repondre={parent.pk}",
        f"{url}?page=2&repondre={parent.pk}&commenter=1",
        reverse("captcha-refresh"),
        form_url(article),
        reverse("captcha-image", kwargs={"key": key}),
        reverse("captcha-image-2x", kwargs={"key": key}),
    ]
    if shutil.which("flite"):
        pages.append(reverse("captcha-audio", kwargs={"key": key}))
    before = row_counts()
    statuses = {}
    with CaptureQueriesContext(connection) as queries:
        for reader in (client, remembered, staff):
            for page in pages:
                statuses[page] = reader.get(page).status_code
                reader.get(page, headers={"accept-language": "en"})
        ajax = {"x-requested-with": "XMLHttpRequest"}
        assert client.get(reverse("captcha-refresh"), headers=ajax).status_code == 405
    writes = [query["sql"] for query in queries.captured_queries if WRITES.match(query["sql"])]
    assert writes == []
    assert row_counts() == before
    assert statuses[reverse("captcha-refresh")] == 405
    assert statuses[form_url(article)] == 405
    assert statuses[f"{url}?commenter={key}"] == 200


def test_a_page_naming_a_live_challenge_shows_it_and_is_never_shared(client, article):
    response = whole_form_page(client, article)
    (key,) = CaptchaStore.objects.values_list("hashkey", flat=True)
    assert field(parse(response.text), "captcha_0").get("value") == key
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response
    # A reload shows the same code: the GET neither spends nor replaces it.
    again = client.get(response.wsgi_request.get_full_path())
    assert field(parse(again.text), "captcha_0").get("value") == key
    assert CaptchaStore.objects.count() == 1


@pytest.mark.parametrize("value", ["1", "0" * 40, "expired", "../../x", "a" * 400])
def test_a_page_naming_no_live_challenge_offers_the_button_instead(client, article, value):
    """No captcha, no token; the "Write a comment" button posts to the form endpoint."""
    if value == "expired":
        client.post(form_url(article), {"fragment": "1"})
        challenge = CaptchaStore.objects.get()
        CaptchaStore.objects.filter(pk=challenge.pk).update(expiration="2000-01-01T00:00:00Z")
        value = challenge.hashkey
    document = parse(client.get(article.get_absolute_url(), {"commenter": value}).text)
    assert document.find(".//input[@name='captcha_1']") is None
    assert document.find(".//input[@name='csrfmiddlewaretoken']") is None
    (fallback,) = document.iterfind(".//form[@data-comment-fallback]")
    assert fallback.get("method") == "post"
    assert fallback.get("action") == form_url(article)


def test_the_write_button_leads_to_the_form_page_with_a_new_challenge(client, article):
    """Without JavaScript: POST, one challenge, 303 to ?commenter=<key>#respond."""
    response = client.post(form_url(article))
    (key,) = CaptchaStore.objects.values_list("hashkey", flat=True)
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}?commenter={key}#respond"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("fields", "query"),
    [
        ({"page": "2"}, "page=2&"),
        ({"page": "1"}, ""),
        ({"page": "0002"}, ""),
        ({"page": "abc"}, ""),
        ({"repondre": "abc"}, ""),
        ({"repondre": "²"}, ""),
        ({"repondre": "12", "page": "2"}, "page=2&repondre=12&"),
    ],
)
def test_the_form_endpoint_keeps_only_a_canonical_page_and_a_numeric_reply(
    client, article, fields, query
):
    response = client.post(form_url(article), fields)
    key = CaptchaStore.objects.get().hashkey
    assert response["Location"] == f"{article.get_absolute_url()}?{query}commenter={key}#respond"


def test_the_form_endpoint_refuses_requests_another_site_sent(client, article):
    """CSRF-exempt (a shared page has no token to send), but not open to other sites."""
    response = client.post(form_url(article), headers={"sec-fetch-site": "cross-site"})
    assert response.status_code == 403
    assert not CaptchaStore.objects.exists()
    same_site = client.post(form_url(article), headers={"sec-fetch-site": "same-origin"})
    assert same_site.status_code == 303


def test_past_the_limit_the_form_endpoint_answers_429_and_makes_nothing(client, article, settings):
    """Per client address: 429 with a French message and Retry-After; other readers unaffected."""
    settings.COMMENTS_CHALLENGES_PER_HOUR = 2
    assert client.post(form_url(article), {"fragment": "1"}).status_code == 200
    assert client.post(form_url(article)).status_code == 303
    for fields in ({"fragment": "1"}, {}):
        refused = client.post(form_url(article), fields)
        assert refused.status_code == 429
        assert TOO_MANY_FR in refused.content.decode()
        assert refused["Retry-After"] == "3600"
    assert CaptchaStore.objects.count() == 2
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.post(form_url(article)).status_code == 303
    assert CaptchaStore.objects.count() == 3


def test_an_ipv6_client_is_counted_by_its_64(client, article, settings):
    """One subscriber gets a /64: changing the last bits does not reset the limit."""
    settings.COMMENTS_CHALLENGES_PER_HOUR = 1
    first = Client(REMOTE_ADDR="2001:db8:1:2::1")
    neighbour = Client(REMOTE_ADDR="2001:db8:1:2:ffff::7")
    elsewhere = Client(REMOTE_ADDR="2001:db8:1:3::1")
    assert first.post(form_url(article)).status_code == 303
    assert neighbour.post(form_url(article)).status_code == 429
    assert elsewhere.post(form_url(article)).status_code == 303


def test_a_limit_of_zero_turns_the_limit_off(client, article, settings):
    settings.COMMENTS_CHALLENGES_PER_HOUR = 0
    for _ in range(3):
        assert client.post(form_url(article)).status_code == 303
    assert CaptchaStore.objects.count() == 3


def test_another_code_is_a_post_with_the_csrf_token(article):
    """The refresh needs the form's CSRF token and answers the new key as JSON."""
    reader = Client(enforce_csrf_checks=True)
    page = whole_form_page(reader, article)
    token = field(parse(page.text), "csrfmiddlewaretoken").get("value")
    url = reverse("captcha-refresh")
    assert reader.post(url).status_code == 403
    assert CaptchaStore.objects.count() == 1
    response = reader.post(url, headers={"x-csrftoken": token})
    assert response.status_code == 200
    data = response.json()
    assert CaptchaStore.objects.filter(hashkey=data["key"]).exists()
    assert data["image_url"] == reverse("captcha-image", kwargs={"key": data["key"]})
    assert reader.get(data["image_url"].rstrip("/") + "@2/").status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_another_code_past_the_limit_is_a_429_with_the_message(client, article, settings):
    settings.COMMENTS_CHALLENGES_PER_HOUR = 1
    whole_form_page(client, article)
    response = client.post(reverse("captcha-refresh"))
    assert response.status_code == 429
    assert response.json()["error"].startswith(TOO_MANY_FR)
    assert CaptchaStore.objects.count() == 1


def test_the_captcha_widget_never_makes_a_challenge_itself(article):
    """Rendering a form without a challenge fails loudly instead of writing on a GET."""
    form = CommentForm(article=article)
    with pytest.raises(ImproperlyConfigured):
        str(form["captcha"])
    assert not CaptchaStore.objects.exists()
