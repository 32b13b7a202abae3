"""articles/invalidation.py: every write path drops the cached pages that show what it changed.

A page "is cached" when a second anonymous GET runs no SQL; after a write the
next GET must render again. Comment write paths are in tests/comments/test_signals.py.
"""

import json
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pictures.signals import picture_processed

from articles.models import Article, AuthorProfile, Category
from articles.services import articles_publish, articles_unpublish
from newsroom import pagecache
from photos.models import Photo
from tests.factories import (
    make_article,
    make_category,
    make_comment,
    make_editor,
    make_photo,
    make_user,
)

pytestmark = pytest.mark.django_db


def queries_of_get(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code in (200, 404), url
    return len(queries)


def warm(client, urls):
    """Render each page once; the next GET is served from the cache."""
    for url in urls:
        client.get(url)
        assert queries_of_get(client, url) == 0, url


def assert_rendered_again(client, urls):
    for url in urls:
        assert queries_of_get(client, url) > 0, f"{url} still served from the cache"


@pytest.fixture
def article():
    return make_article(title="Le conseil municipal vote le budget")


@pytest.fixture
def site_urls(article):
    other = make_article(category=make_category())
    return [
        "/",
        article.get_absolute_url(),
        article.category.get_absolute_url(),
        other.get_absolute_url(),
        reverse("articles:feed"),
    ]


def admin_delete_selected(staff_client, model, pks, app="articles", query=""):
    """The admin's "delete selected" action, confirmed: a queryset delete."""
    response = staff_client.post(
        reverse(f"admin:{app}_{model}_changelist") + query,
        {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
    )
    assert response.status_code == 302


@pytest.fixture
def editor_client():
    staff = Client()
    staff.force_login(make_editor())
    return staff


def test_a_plain_save_outside_any_request_drops_every_page(client, article, site_urls):
    """As in `manage.py shell`: the title changes on every page that shows it."""
    warm(client, site_urls)
    article.title = "Le budget est adopté"
    article.save()
    assert_rendered_again(client, site_urls)
    assert "Le budget est adopté" in client.get("/").text


def test_saving_only_some_fields_drops_every_page(client, article, site_urls):
    warm(client, site_urls)
    article.comments_open = False
    article.save(update_fields=["comments_open"])
    assert_rendered_again(client, site_urls)


def test_deleting_an_article_drops_every_page(client, article, site_urls):
    make_comment(article=article, status="approved")
    warm(client, site_urls)
    Article.objects.get(pk=article.pk).delete()
    assert client.get(site_urls[1]).status_code == 404
    assert_rendered_again(client, [url for url in site_urls if url != site_urls[1]])


def test_saving_or_deleting_a_category_drops_every_page(client, site_urls):
    """The menu on every page lists the categories."""
    warm(client, site_urls)
    category = Category.objects.create(name="Sports", slug="sports")
    assert_rendered_again(client, site_urls)
    assert ">Sports</a>" in client.get("/").text
    warm(client, site_urls)
    category.delete()
    assert_rendered_again(client, site_urls)


def test_an_author_profile_or_coauthors_change_drops_every_page(client, article, site_urls):
    """Bylines show the display name and the co-authors."""
    author = make_user(is_staff=True, first_name="Ana", last_name="Ruiz")
    warm(client, site_urls)
    profile = AuthorProfile.objects.ensure_for(author)
    assert_rendered_again(client, site_urls)
    warm(client, site_urls)
    article.coauthors.add(author)
    assert_rendered_again(client, site_urls)
    warm(client, site_urls)
    profile.display_name = "Ana R."
    profile.save()
    assert_rendered_again(client, site_urls)
    warm(client, site_urls)
    article.coauthors.clear()
    assert_rendered_again(client, site_urls)


def test_a_photo_saved_processed_or_deleted_drops_every_page(client, site_urls):
    """Pages show a photo's alt text, caption, credit and, once made, its renditions."""
    warm(client, site_urls)
    photo = make_photo()
    assert_rendered_again(client, site_urls)
    warm(client, site_urls)
    # What django-pictures sends when the renditions task is done.
    picture_processed.send(
        sender=Photo._meta.get_field("file"), file_name=photo.file.name, new=["x"], old=[]
    )
    assert Photo.objects.get(pk=photo.pk).renditions_ready
    assert_rendered_again(client, site_urls)
    warm(client, site_urls)
    photo.delete()
    assert_rendered_again(client, site_urls)


def test_the_publishing_services_drop_every_page(client, article, site_urls):
    """articles_publish/articles_unpublish, called outside the admin."""
    warm(client, site_urls)
    articles_unpublish(articles=Article.objects.filter(pk=article.pk))
    assert_rendered_again(client, site_urls)
    assert article.title not in client.get("/").text
    listed = [url for url in site_urls if url != article.get_absolute_url()]
    warm(client, listed)
    articles_publish(articles=Article.objects.filter(pk=article.pk))
    assert_rendered_again(client, site_urls)
    assert article.title in client.get("/").text


def test_the_admin_bulk_delete_of_articles_drops_every_page(
    client, article, site_urls, editor_client
):
    """ "Delete selected" deletes with a queryset, not Article.delete()."""
    warm(client, site_urls)
    admin_delete_selected(editor_client, "article", [article.pk])
    assert not Article.objects.filter(pk=article.pk).exists()
    assert_rendered_again(client, [url for url in site_urls if url != site_urls[1]])
    assert article.title not in client.get("/").text


def test_the_admin_bulk_delete_of_categories_drops_every_page(client, site_urls, editor_client):
    empty = make_category(name="Rubrique vide")
    warm(client, site_urls)
    admin_delete_selected(editor_client, "category", [empty.pk])
    assert not Category.objects.filter(pk=empty.pk).exists()
    assert_rendered_again(client, site_urls)


def test_loaddata_drops_every_page(client, article, site_urls, tmp_path):
    """loaddata saves raw rows (no save(), post_save with raw=True)."""
    rows = json.loads(serializers.serialize("json", [article]))
    rows[0]["fields"]["title"] = "Titre chargé par loaddata"
    fixture = tmp_path / "articles.json"
    fixture.write_text(json.dumps(rows))
    warm(client, site_urls)
    call_command("loaddata", str(fixture), stdout=StringIO())
    assert_rendered_again(client, site_urls)
    assert "Titre chargé par loaddata" in client.get("/").text


def test_loaddemo_drops_every_page(client, site_urls, django_capture_on_commit_callbacks):
    warm(client, site_urls)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddemo", stdout=StringIO())
    assert_rendered_again(client, site_urls)
    newest = Article.objects.published().first()
    assert escape(newest.title) in client.get("/").text


def test_a_scheduled_article_lapses_the_site_when_it_comes_out(article):
    """No save happens then: the site's generation carries the time of the next one."""
    assert pagecache._next_publication[0]() is None
    later = make_article(published_at=timezone.now() + timezone.timedelta(hours=2))
    assert pagecache._next_publication[0]() == later.published_at.timestamp()


def test_the_article_token_follows_its_comments_and_the_site(article):
    """Fragment keys: a new token when this article's comments or the site change, not others'."""
    other = make_article()
    token = pagecache.article_token(article.slug)
    assert pagecache.article_token(article.slug) == token
    make_comment(article=other, status="approved")
    assert pagecache.article_token(article.slug) == token
    make_comment(article=article, status="approved")
    after_comment = pagecache.article_token(article.slug)
    assert after_comment != token
    other.title = "Autre titre"
    other.save()
    assert pagecache.article_token(article.slug) not in {token, after_comment}
