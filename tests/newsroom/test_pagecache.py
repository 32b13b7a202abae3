"""The anonymous readers' page cache (newsroom/pagecache.py) and what it must never do:
serve a stale page, a page meant for someone else, a stale CSRF token or captcha."""

import io
import re
import time
from datetime import timedelta

import pytest
from captcha.models import CaptchaStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments import review
from comments.cookies import PENDING_COOKIE
from comments.models import Comment
from tests.factories import (
    comment_form_data,
    make_article,
    make_comment,
    make_editor,
    make_moderator,
    make_user,
)
from tests.html import parse

pytestmark = pytest.mark.django_db

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


@pytest.fixture
def article():
    return make_article(title="La rédaction en direct")


def approved_comment(article, **fields):
    return make_comment(article=article, status=Comment.Status.APPROVED, **fields)


def public_urls(article):
    return [
        "/",
        article.get_month_url(),
        article.category.get_absolute_url(),
        article.get_absolute_url(),
        reverse("articles:feed"),
        reverse("articles:category_feed", kwargs={"slug": article.category.slug}),
    ]


# -- served from the cache -----------------------------------------------------------------


def test_a_second_anonymous_visit_is_served_without_touching_the_database(
    client, article, django_assert_num_queries
):
    """Once rendered, each public page is served to the next reader with no SQL at all."""
    approved_comment(article)
    for url in public_urls(article):
        first = client.get(url)
        assert first.status_code == 200, url
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second.status_code == 200
        assert second.content == first.content, url


def test_unchanged_page_answers_304_to_its_etag(client, article, django_assert_num_queries):
    """Conditional GET: the ETag of an unchanged page gets 304, without rendering."""
    for url in public_urls(article):
        etag = client.get(url).headers["ETag"]
        with django_assert_num_queries(0):
            response = client.get(url, headers={"if-none-match": etag})
        assert response.status_code == 304, url
        assert response.content == b""


def test_a_changed_page_has_a_new_etag(client, article, django_capture_on_commit_callbacks):
    """After a comment is approved the old ETag no longer matches: the reader gets the page."""
    comment = make_comment(article=article, body="Enfin approuvé.")
    etag = client.get(article.get_absolute_url()).headers["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        review.change_status(comments=[comment], to_status="approved", actor=None)
    response = client.get(article.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Enfin approuvé." in response.text


def test_the_language_is_part_of_the_cached_page(client, article):
    """French and English readers each get their own copy."""
    french = client.get("/").text
    english = client.get("/", headers={"accept-language": "en"}).text
    assert '<html lang="fr">' in french
    assert '<html lang="en">' in english
    assert '<html lang="fr">' in client.get("/").text


# -- invalidated precisely ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("to_status", "shown"),
    [("approved", True), ("rejected", False), ("spam", False), ("pending", False)],
)
def test_moderation_changes_the_cached_page_at_once(
    client, article, django_capture_on_commit_callbacks, to_status, shown
):
    """Approving shows the comment and moves the count, everywhere; the other states hide it."""
    comment = make_comment(
        article=article,
        body="Un avis à modérer.",
        status="pending" if to_status != "pending" else "approved",
    )
    before = {url: client.get(url).text for url in ("/", article.get_absolute_url())}
    assert ("Un avis à modérer." in before[article.get_absolute_url()]) is (to_status == "pending")

    with django_capture_on_commit_callbacks(execute=True):
        review.change_status(comments=[comment], to_status=to_status, actor=None)

    page = client.get(article.get_absolute_url()).text
    assert ("Un avis à modérer." in page) is shown
    home = client.get("/").text
    count = "1 commentaire" if shown else "0 commentaire"
    assert count in home
    assert count in page


def test_saving_an_article_changes_every_page_that_shows_it(client, article):
    """A new title reaches the home page, its category, its neighbours and itself."""
    neighbour = make_article(category=article.category)
    urls = [*public_urls(article), neighbour.get_absolute_url()]
    for url in urls:
        client.get(url)
    article.title = "Un titre corrigé"
    article.save()
    for url in urls:
        assert "Un titre corrigé" in client.get(url).text, url


def test_editing_an_approved_comment_in_place_changes_the_page(client, article):
    """Comment.save() (the admin's edit) drops the article's cached pages."""
    comment = approved_comment(article, body="Première version.")
    assert "Première version." in client.get(article.get_absolute_url()).text
    comment.body = "Version corrigée."
    comment.save()
    assert "Version corrigée." in client.get(article.get_absolute_url()).text


def test_other_articles_stay_cached_when_one_gets_a_comment(
    client, article, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """A comment drops its own article's pages and the listings, not other articles."""
    other = make_article()
    client.get(other.get_absolute_url())
    comment = make_comment(article=article)
    with django_capture_on_commit_callbacks(execute=True):
        review.change_status(comments=[comment], to_status="approved", actor=None)
    with django_assert_num_queries(0):
        client.get(other.get_absolute_url())


def test_a_new_pending_comment_leaves_the_shared_pages_cached(
    client, article, django_assert_num_queries
):
    """Nobody but its author sees a pending comment: every other reader keeps the cached copy."""
    urls = ["/", article.get_absolute_url()]
    for url in urls:
        client.get(url)
    author = Client()
    data = comment_form_data(article, body="Un avis pas encore lu.")
    response = author.post(reverse("comments:post", kwargs={"slug": article.slug}), data)
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.PENDING
    for url in urls:
        with django_assert_num_queries(0):
            assert "Un avis pas encore lu." not in client.get(url).text


def admin_form_data(staff_client, url):
    """The admin change form's fields, as a browser would post them back."""
    document = parse(staff_client.get(url).text)
    form = next(f for f in document.iter("form") if f.get("id", "").endswith("_form"))
    data = {}
    for element in form.iter():
        name = element.get("name")
        if not name:
            continue
        if element.tag == "textarea":
            data[name] = element.text or ""
        elif element.tag == "select":
            chosen = [
                o.get("value") for o in element.iter("option") if o.get("selected") is not None
            ]
            if chosen:
                data[name] = chosen[0]
        elif element.tag == "input":
            kind = element.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if element.get("checked") is not None:
                    data[name] = element.get("value", "on")
            elif kind not in {"submit", "button", "file", "image"}:
                data[name] = element.get("value", "")
    return data


@pytest.fixture
def editor_client():
    staff = Client()
    staff.force_login(make_editor())
    return staff


def test_an_article_edited_in_the_admin_changes_the_cached_pages(client, article, editor_client):
    """The editor's save reaches the article page, the listings and the feeds at once."""
    urls = public_urls(article)
    for url in urls:
        client.get(url)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_form_data(editor_client, change_url)
    data["title"] = "Un titre revu en admin"
    response = editor_client.post(change_url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    for url in urls:
        assert "Un titre revu en admin" in client.get(url).text, url


def test_unpublishing_and_publishing_in_the_admin_change_the_cached_pages(
    client, article, editor_client
):
    """The bulk actions (articles/services.py) take an article off every page and bring it back."""
    urls = ["/", article.get_month_url(), article.category.get_absolute_url()]
    urls += [reverse("articles:feed")]
    for url in [*urls, article.get_absolute_url()]:
        assert article.title in client.get(url).text, url
    changelist = reverse("admin:articles_article_changelist")

    editor_client.post(changelist, {"action": "unpublish", "_selected_action": [article.pk]})
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in urls:
        assert article.title not in client.get(url).text, url

    editor_client.post(changelist, {"action": "publish", "_selected_action": [article.pk]})
    assert client.get(article.get_absolute_url()).status_code == 200
    for url in urls:
        assert article.title in client.get(url).text, url


def test_a_comment_edited_in_the_admin_changes_the_cached_page(client, article):
    """A moderator's correction of a published comment shows at once."""
    comment = approved_comment(article, body="Une coquille ici.")
    assert "Une coquille ici." in client.get(article.get_absolute_url()).text
    moderator = Client()
    moderator.force_login(make_moderator())
    change_url = reverse("admin:comments_comment_change", args=[comment.pk])
    data = admin_form_data(moderator, change_url)
    data["body"] = "Coquille corrigée."
    response = moderator.post(change_url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    page = client.get(article.get_absolute_url()).text
    assert "Coquille corrigée." in page
    assert "Une coquille ici." not in page


def test_resanitizing_drops_the_cached_pages(client, article):
    """After a policy change, `manage.py resanitize` must not leave the old HTML in the cache."""
    from django.core.management import call_command

    comment = approved_comment(article, body="<b>gras</b> texte")
    # As if an older, looser policy had stored this from the same source.
    Comment.objects.filter(pk=comment.pk).update(body_html='<b onclick="x()">gras</b> texte')
    assert 'onclick="x()"' in client.get(article.get_absolute_url()).text
    call_command("resanitize", stdout=io.StringIO())
    page = client.get(article.get_absolute_url()).text
    assert "onclick" not in page
    assert "<b>gras</b> texte" in page


def test_a_scheduled_article_appears_when_its_time_comes(client, article, monkeypatch):
    """No save happens at publication time: cached listings lapse when it comes."""
    scheduled = make_article(
        title="Publié plus tard", published_at=timezone.now() + timedelta(hours=1)
    )
    assert "Publié plus tard" not in client.get("/").text
    # An hour passes: the article becomes public without being saved.
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now())
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3601)
    assert "Publié plus tard" in client.get("/").text


@pytest.mark.parametrize("age_days", [31, 400])
def test_an_article_whose_comments_are_closed_is_served_from_the_cache(
    client, settings, django_assert_num_queries, age_days
):
    """The archive is cacheable: closed comments leave the page its normal lifetime."""
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    old = make_article(published_at=timezone.now() - timedelta(days=age_days))
    approved_comment(old)
    assert client.get(old.get_absolute_url()).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(old.get_absolute_url()).status_code == 200


def test_an_article_whose_comments_close_soon_is_cached_until_then(
    client, settings, monkeypatch, django_assert_num_queries
):
    """Its cached copy must not outlive the comment form: it lapses when comments close."""
    if "locmem" not in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("moves the clock of the local-memory cache; Redis keeps its own")
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    settings.PAGE_CACHE_SECONDS = 600
    closing = make_article(published_at=timezone.now() - timedelta(days=30, seconds=-120))
    url = closing.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        client.get(url)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 121)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) > 0, "served after its comments closed"


# -- never someone else's page -----------------------------------------------------------------


def test_the_author_of_a_pending_comment_sees_it_on_a_cached_article(client, article):
    """A reader holding a pending comment never gets the shared copy that hides it."""
    client.get(article.get_absolute_url())  # the shared copy, now cached
    data = comment_form_data(article, body="Mon avis en attente.")
    response = client.post(reverse("comments:post", kwargs={"slug": article.slug}), data)
    assert response.status_code == 302
    assert PENDING_COOKIE in client.cookies
    page = client.get(article.get_absolute_url()).text
    assert "Mon avis en attente." in page
    assert "en attente de modération" in page


def test_another_reader_still_gets_the_shared_copy(client, article):
    """...while a reader without the cookie keeps getting the shared one, without it."""
    author = Client()
    data = comment_form_data(article, body="Mon avis en attente.")
    author.post(reverse("comments:post", kwargs={"slug": article.slug}), data)
    assert "Mon avis en attente." not in client.get(article.get_absolute_url()).text


def test_logged_in_users_never_get_the_cached_copy(client, article):
    """Anyone with a session gets a page rendered for them, never stored (no ETag)."""
    assert "ETag" in client.get(article.get_absolute_url())
    user = make_user()
    client.force_login(user)
    response = client.get(article.get_absolute_url())
    assert "ETag" not in response
    assert response["Cache-Control"] == "private, no-store"
    # A GET makes no captcha challenge, even for them (tests/comments/test_challenges.py).
    assert 'name="captcha_1"' not in response.text


def test_the_reply_and_whole_form_pages_bypass_the_cache(client, article):
    """?repondre=… and the no-JavaScript form page get a page of their own, kept by no one."""
    comment = approved_comment(article)
    client.get(article.get_absolute_url())
    for query in (f"?repondre={comment.pk}", "?commenter=1", "?commenter=1&utm_source=x"):
        response = client.get(article.get_absolute_url() + query)
        assert "ETag" not in response, query
        assert response["Cache-Control"] == "private, no-store", query


# -- no token, no captcha, no write in a shared page -------------------------------------------


def test_a_shared_page_carries_no_csrf_token_captcha_or_cookie(client, article):
    """The cached copy cannot go stale: no token, no form token, no captcha, no Set-Cookie."""
    for attempt in ("miss", "hit"):
        response = client.get(article.get_absolute_url())
        assert not response.cookies, attempt
        document = parse(response.text)
        names = {element.get("name") for element in document.iter() if element.get("name")}
        assert not names & {"csrfmiddlewaretoken", "token", "captcha_0", "captcha_1"}, attempt
        form = next(e for e in document.iter("form") if e.get("data-comment-form") is not None)
        assert form.get("hidden") is not None
        assert form.get("data-fresh-url") == reverse(
            "comments:form_fresh", kwargs={"slug": article.slug}
        )
        fallback = next(
            e for e in document.iter("form") if e.get("data-comment-fallback") is not None
        )
        assert fallback.get("method") == "post"
        assert fallback.get("action") == form.get("data-fresh-url")
    assert CaptchaStore.objects.count() == 0


def test_a_get_of_any_public_page_writes_nothing_to_the_database(client, article):
    """Reads scale on replicas: no INSERT, UPDATE or DELETE on any public GET."""
    approved_comment(article)
    urls = [*public_urls(article), reverse("sitemap"), reverse("robots_txt")]
    with CaptureQueriesContext(connection) as queries:
        for url in urls + urls:
            assert client.get(url).status_code == 200, url
        client.get(article.get_absolute_url(), headers={"accept-language": "en"})
    writes = [query["sql"] for query in queries.captured_queries if WRITES.match(query["sql"])]
    assert writes == []


def test_the_fresh_form_parts_come_from_an_uncached_endpoint(client, article):
    """The POST gives a CSRF token, a signed form token and a new captcha, never cached."""
    url = reverse("comments:form_fresh", kwargs={"slug": article.slug})
    response = client.post(url, {"fragment": "1"})
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["X-Robots-Tag"] == "noindex"
    names = {element.get("name") for element in parse(response.text).iter() if element.get("name")}
    assert {"csrfmiddlewaretoken", "token", "captcha_0", "captcha_1"} <= names
    assert "csrftoken" in response.cookies
    assert CaptchaStore.objects.count() == 1
    client.post(url, {"fragment": "1"})
    assert CaptchaStore.objects.count() == 2


def test_a_comment_posted_with_the_fetched_parts_is_accepted(article):
    """The whole path a browser takes: cached page, fetched token, POST, redirect."""
    browser = Client(enforce_csrf_checks=True)
    browser.get(article.get_absolute_url())
    url = reverse("comments:form_fresh", kwargs={"slug": article.slug})
    fresh = parse(browser.post(url, {"fragment": "1"}).text)
    fields = {e.get("name"): e.get("value") or "" for e in fresh.iter("input") if e.get("name")}
    data = comment_form_data(
        article,
        csrfmiddlewaretoken=fields["csrfmiddlewaretoken"],
        captcha_0=fields["captcha_0"],
    )
    response = browser.post(reverse("comments:post", kwargs={"slug": article.slug}), data)
    assert response.status_code == 302
    assert Comment.objects.filter(article=article).count() == 1


@pytest.mark.parametrize("state", ["unknown", "draft", "closed"])
def test_no_fresh_form_parts_for_an_article_that_takes_no_comments(client, state):
    """Unknown or unpublished articles are 404, closed ones 403; no challenge is created."""
    slug = "nulle-part"
    if state == "draft":
        slug = make_article(status=Article.Status.DRAFT).slug
    elif state == "closed":
        slug = make_article(comments_open=False).slug
    response = client.post(reverse("comments:form_fresh", kwargs={"slug": slug}), {"fragment": "1"})
    assert response.status_code == (403 if state == "closed" else 404)
    assert CaptchaStore.objects.count() == 0


def test_expired_challenges_are_purged_by_captcha_clean(client, article):
    """The scheduled `manage.py captcha_clean` removes challenges past their expiry."""
    from django.core.management import call_command

    client.post(reverse("comments:form_fresh", kwargs={"slug": article.slug}), {"fragment": "1"})
    client.post(reverse("comments:form_fresh", kwargs={"slug": article.slug}), {"fragment": "1"})
    CaptchaStore.objects.filter(pk=CaptchaStore.objects.first().pk).update(
        expiration=timezone.now() - timedelta(minutes=1)
    )
    call_command("captcha_clean", verbosity=0)
    assert CaptchaStore.objects.count() == 1


# -- the language switcher ---------------------------------------------------------------------


def test_language_switcher_is_made_of_plain_links(client, article):
    """No form and no token in the header: links to a small GET view."""
    page = client.get(article.get_absolute_url()).text
    switcher = next(e for e in parse(page).iter() if "language-switcher" in (e.get("class") or ""))
    assert switcher.tag == "nav"
    links = {a.get("hreflang"): a.get("href") for a in switcher.iter("a")}
    assert links["en"].startswith(reverse("switch_language", kwargs={"code": "en"}) + "?next=")


def test_switching_language_sets_the_cookie_and_goes_back(client, article):
    url = reverse("switch_language", kwargs={"code": "en"})
    response = client.get(url, {"next": article.get_absolute_url()})
    assert response.status_code == 302
    assert response.headers["Location"] == article.get_absolute_url()
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get(article.get_absolute_url()).text


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_switching_language_never_leaves_the_site(client, next_url):
    response = client.get(reverse("switch_language", kwargs={"code": "en"}), {"next": next_url})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_404(client):
    assert client.get(reverse("switch_language", kwargs={"code": "xx"})).status_code == 404


def test_with_the_page_cache_off_pages_are_still_shareable_and_write_nothing(
    client, article, settings
):
    """PAGE_CACHE_SECONDS=0 renders every time, still without token, captcha or write."""
    settings.PAGE_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        first = client.get(article.get_absolute_url())
        second = client.get(article.get_absolute_url())
    assert len(queries.captured_queries) >= 2 * 3  # rendered twice, not served from cache
    assert "csrfmiddlewaretoken" not in first.text + second.text
    assert not [q for q in queries.captured_queries if WRITES.match(q["sql"])]
    assert CaptchaStore.objects.count() == 0


def test_shared_pages_tell_downstream_caches_to_revalidate_and_vary_on_cookies(client, article):
    """A proxy or browser keeps the page only to revalidate it, separately per cookie."""
    for attempt in ("miss", "hit"):
        response = client.get(article.get_absolute_url())
        assert "Cookie" in response.headers["Vary"], attempt
        assert "max-age=0" in response.headers["Cache-Control"]
        assert "must-revalidate" in response.headers["Cache-Control"]


# -- query strings cannot flood the cache --------------------------------------------------


@pytest.mark.parametrize(
    "query", ["?utm_source=lettre&utm_medium=email", "?fbclid=IwAR0abc", "?x=1&y=2"]
)
def test_unknown_query_parameters_get_the_shared_copy(client, article, query):
    """Tracking parameters (and anything else the page does not read) never cost a render."""
    first = client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url() + query)
    assert response.status_code == 200
    assert response["ETag"] == first["ETag"]
    assert len(queries) == 0
    assert "utm_" not in response.text
    assert "fbclid" not in response.text


def test_the_copy_filled_through_a_tracking_link_carries_no_trace_of_it(client, article):
    response = client.get(article.get_absolute_url() + "?utm_campaign=secret-campagne")
    assert "secret-campagne" not in response.text
    assert client.get(article.get_absolute_url())["ETag"] == response["ETag"]


def test_page_one_redirects_to_the_page_itself(client):
    response = client.get("/?page=1&utm_source=x")
    assert response.status_code == 301
    assert response["Location"] == "/"


@pytest.mark.parametrize("page", ["01", "0001"])
def test_zero_padded_page_numbers_redirect_to_the_page_itself(client, page):
    response = client.get("/", {"page": page, "utm_source": "x"})
    assert response.status_code == 301
    assert response["Location"] == "/"


@pytest.mark.parametrize("page", ["0", "00", "abc", "2"])
def test_non_canonical_page_numbers_are_never_stored(client, page):
    """The view answers them (404 on listings, see tests/articles/test_pagination.py)."""
    assert client.get("/", {"page": page}).status_code == 404
    assert "ETag" not in client.get("/", {"page": page})
