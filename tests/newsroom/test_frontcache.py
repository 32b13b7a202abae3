"""The front cache's side in the app (newsroom/frontcache.py): the Cache-Control the
pages send, and the purge of every page that showed what changed.

A small HTTP server on loopback stands in for nginx's purge location and records
what it is asked; tests/deploy/test_stack.py runs the real nginx.
"""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_max_age

from articles.models import Article
from comments import review
from comments.models import Comment
from newsroom import frontcache, pagecache
from tests.factories import make_article, make_comment
from tests.live import free_port

pytestmark = pytest.mark.django_db


class PurgeRecorder(BaseHTTPRequestHandler):
    status = 200

    def do_PURGE(self):
        self.server.requests.append(
            (self.path, self.headers["Host"], self.headers["Accept-Language"])
        )
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def start_recorder():
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), PurgeRecorder)
    server.requests = []
    server.status = 200
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def front_caches(settings):
    """Two front caches, as FRONT_CACHE_PURGE_URLS lists them."""
    servers = [start_recorder(), start_recorder()]
    settings.FRONT_CACHE_PURGE_URLS = [
        f"http://127.0.0.1:{server.server_port}" for server in servers
    ]
    settings.FRONT_CACHE_SECONDS = 600
    settings.FRONT_CACHE_REPURGE_SECONDS = 0
    yield servers
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def front_cache(front_caches):
    return front_caches[0]


def purged_paths(server):
    return sorted({path for path, _host, _language in server.requests})


def test_shared_pages_tell_the_front_cache_how_long_to_keep_them(settings):
    """public, s-maxage and the stale windows for shared caches; max-age=0 for browsers."""
    settings.FRONT_CACHE_SECONDS = 600
    settings.FRONT_CACHE_STALE_WHILE_REVALIDATE = 30
    settings.FRONT_CACHE_STALE_IF_ERROR = 86400
    response = HttpResponse()
    frontcache.shared_headers(response, seconds=120.7)
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {
        "public",
        "max-age=0",
        "s-maxage=120",
        "stale-while-revalidate=30",
        "stale-if-error=86400",
    }
    assert get_max_age(response) == 0


def test_without_a_front_cache_shared_pages_are_revalidated_every_time(settings):
    settings.FRONT_CACHE_SECONDS = 0
    response = HttpResponse()
    frontcache.shared_headers(response)
    assert "public" not in response["Cache-Control"]
    assert "s-maxage" not in response["Cache-Control"]
    assert "must-revalidate" in response["Cache-Control"]


def test_an_anonymous_page_is_public_and_a_personal_one_private_and_unstored(front_cache):
    article = make_article()
    shared = Client().get(article.get_absolute_url())
    assert "public" in shared["Cache-Control"]
    assert "s-maxage=600" in shared["Cache-Control"]
    reader = Client()
    reader.cookies["sessionid"] = "whoever"
    personal = reader.get(article.get_absolute_url())
    assert personal.status_code == 200
    assert "private" in personal["Cache-Control"]
    assert "no-store" in personal["Cache-Control"]
    assert "public" not in personal["Cache-Control"]


def test_a_comment_decision_purges_the_pages_that_showed_it_in_every_language(
    front_cache, django_capture_on_commit_callbacks, settings
):
    article = make_article()
    other = make_article()
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    client = Client()
    for url in ("/", article.get_absolute_url(), other.get_absolute_url()):
        assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        review.change_status(comments=[comment.pk], to_status=Comment.Status.APPROVED, actor=None)

    # The article's page and the listings (comment counts); not the other article.
    assert purged_paths(front_cache) == ["/_purge/", f"/_purge{article.get_absolute_url()}"]
    languages = {language for _path, _host, language in front_cache.requests}
    assert languages == {code for code, _name in settings.LANGUAGES}
    assert {host for _path, host, _language in front_cache.requests} == {"testserver"}


def test_a_saved_article_purges_every_page_shown_since(
    front_cache, settings, django_capture_on_commit_callbacks
):
    settings.ARTICLES_PER_PAGE = 1
    article = make_article()
    other = make_article()
    client = Client()
    urls = ["/", "/?page=2", article.get_absolute_url(), other.get_absolute_url()]
    for url in urls:
        assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(pk=article.pk).save()

    assert purged_paths(front_cache) == sorted(f"/_purge{url}" for url in urls)
    # Purged pages are forgotten: the next change purges only what was shown again.
    front_cache.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(pk=article.pk).save()
    assert front_cache.requests == []


def test_every_front_cache_listed_is_purged(front_caches, django_capture_on_commit_callbacks):
    article = make_article()
    Client().get(article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(pk=article.pk).save()
    for server in front_caches:
        assert purged_paths(server) == [f"/_purge{article.get_absolute_url()}"]


def test_search_results_are_left_out_of_the_front_cache(
    front_cache, django_capture_on_commit_callbacks
):
    """Each query would be a page of its own to keep and purge: the app's cache has them."""
    article = make_article()
    search = Client().get(reverse("articles:search"), {"q": "rédaction"})
    assert search.status_code == 200
    assert "public" not in search["Cache-Control"]
    assert "s-maxage" not in search["Cache-Control"]
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(pk=article.pk).save()
    assert purged_paths(front_cache) == []


def test_a_purge_the_front_cache_refuses_fails_the_task(front_cache):
    """A front cache that answers neither 200 (purged) nor 404 (not cached) is an error."""
    front_cache.status = 500
    with pytest.raises(RuntimeError, match="purge failed"):
        frontcache.purge_front_cache.call(urls=["testserver/"])


def test_nothing_is_remembered_or_purged_without_front_caches(
    settings, django_capture_on_commit_callbacks
):
    settings.FRONT_CACHE_PURGE_URLS = []
    article = make_article()
    Client().get(article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        Article.objects.get(pk=article.pk).save()
    assert all("purge" not in repr(callback) for callback in callbacks)


# -- when Redis, which remembers the pages, cannot be reached ---------------------------


@pytest.fixture
def tasks_kept(settings):
    """Tasks are recorded, not run: what a failing task enqueues for later can be read."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = frontcache.purge_front_cache.get_backend()
    backend.clear()
    return backend


def test_a_page_redis_could_not_remember_is_not_kept_by_front_caches(front_cache, redis_down):
    """No purge could find it: a front cache keeping it would show it after any change."""
    response = Client().get(make_article().get_absolute_url())
    assert response.status_code == 200
    assert "s-maxage" not in response["Cache-Control"]
    assert get_max_age(response) == 0


def test_a_purge_while_redis_is_down_is_tried_again(front_cache, redis_down, tasks_kept, settings):
    settings.CACHE_RETRY_SECONDS = 3
    before = timezone.now()
    assert frontcache.purge_front_cache.call(tags=["pagecache:site"]) == 0
    [retry] = tasks_kept.results
    assert retry.task.name == "purge_front_cache"
    assert retry.kwargs == {"attempt": 2, "tags": ["pagecache:site"], "urls": []}
    assert retry.task.run_after >= before + timedelta(seconds=3)
    assert front_cache.requests == []


def test_a_purge_a_front_cache_missed_is_tried_again(front_cache, tasks_kept):
    """nginx keeps its cache on disk across a restart: a purge it missed is owed."""
    front_cache.status = 500
    with pytest.raises(RuntimeError, match="purge failed"):
        frontcache.purge_front_cache.call(urls=["testserver/"])
    [retry] = tasks_kept.results
    assert retry.kwargs == {"attempt": 2, "urls": ["testserver/"], "again": False}


def test_a_token_drop_redis_missed_is_tried_again(redis_down, tasks_kept):
    pagecache.drop_tokens_later.call(keys=["pagecache:site"])
    [retry] = tasks_kept.results
    assert retry.task.name == "drop_tokens_later"
    assert retry.kwargs == {"attempt": 2, "keys": ["pagecache:site"]}
