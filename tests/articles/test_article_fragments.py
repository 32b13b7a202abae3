"""article_fragments: the article page's shared parts kept rendered until the page would change.

The page cache is off in these tests: what is left is the fragment caches.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import invalidation
from articles.models import Article
from comments import review
from comments.models import Comment
from tests.factories import make_article, make_comment, make_editor, make_moderator, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def test_a_warm_article_page_runs_one_query_and_is_the_same_html(client):
    """The article row only: byline, neighbours, topics, comment tree and section are cached."""
    article = make_article(author=make_user(first_name="Claire", last_name="Dumas"))
    article.coauthors.add(make_user(first_name="Julien", last_name="Moreau"))
    make_article(category=article.category)  # a neighbour
    for _ in range(3):
        make_comment(article=article, status=Comment.Status.APPROVED)
    first = client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        second = client.get(article.get_absolute_url())
    assert [q["sql"].split(" FROM ")[1].split()[0] for q in queries.captured_queries] == [
        '"articles_article"'
    ]
    assert second.text == first.text
    assert "Claire Dumas et Julien Moreau" in second.text


def test_an_edit_shows_on_the_next_page_at_once(client):
    article = make_article(title="Premier titre")
    client.get(article.get_absolute_url())
    article.title = "Titre corrigé"
    article.save()
    page = client.get(article.get_absolute_url()).text
    assert "Titre corrigé" in page
    assert "Premier titre" not in page


def test_a_write_that_sends_no_signal_is_not_seen_until_the_site_changes(client):
    """Proof that the fragment is cached: update() must drop the tokens itself."""
    article = make_article(title="Premier titre")
    client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="Titre en douce")
    assert (
        '<h1 class="article__title">Premier titre</h1>'
        in client.get(article.get_absolute_url()).text
    )
    invalidation.site_changed()
    page = client.get(article.get_absolute_url()).text
    assert '<h1 class="article__title">Titre en douce</h1>' in page


def test_a_moderators_decision_updates_the_header_count_and_the_section(client):
    article = make_article()
    make_comment(article=article, status=Comment.Status.APPROVED, body="déjà là")
    assert "1 commentaire" in client.get(article.get_absolute_url()).text
    newcomer = make_comment(article=article, body="nouveau venu")
    review.change_status(comments=[newcomer], to_status="approved", actor=make_moderator())
    page = client.get(article.get_absolute_url()).text
    assert page.count("2 commentaires") == 2  # the article's header and the section's title
    assert "nouveau venu" in page


def test_each_language_gets_its_own_fragment(client):
    article = make_article()
    assert "Partagez cet article" in client.get(article.get_absolute_url()).text
    english = client.get(article.get_absolute_url(), headers={"accept-language": "en"}).text
    assert "Share this article" in english
    assert "Partagez cet article" not in english


def test_each_address_gets_its_own_share_links(client, settings):
    """The share links carry the canonical URL, host and scheme included."""
    settings.SECURE_SSL_REDIRECT = False
    article = make_article()
    plain = client.get(article.get_absolute_url()).text
    secure = client.get(article.get_absolute_url(), secure=True).text
    assert 'data-copy-url="http://testserver/' in plain
    assert 'data-copy-url="https://testserver/' in secure
    assert 'data-copy-url="http://testserver/' not in secure


@pytest.mark.parametrize("status", ["draft", "scheduled"])
def test_a_preview_is_rendered_every_time_never_stored(client, status):
    fields = {"title": "Titre du brouillon"}
    if status == "draft":
        fields["status"] = Article.Status.DRAFT
    else:
        fields["published_at"] = timezone.now() + timedelta(days=1)
    article = make_article(**fields)
    client.force_login(make_editor())
    client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="Titre retouché")
    page = client.get(article.get_absolute_url()).text
    assert '<h1 class="article__title">Titre retouché</h1>' in page
