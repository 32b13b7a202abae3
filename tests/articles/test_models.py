from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from articles.services import articles_publish, articles_unpublish
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "offset", "is_public"),
    [
        (Article.Status.PUBLISHED, timedelta(hours=-1), True),
        (Article.Status.PUBLISHED, timedelta(seconds=-1), True),
        (Article.Status.PUBLISHED, timedelta(hours=1), False),
        (Article.Status.DRAFT, timedelta(hours=-1), False),
        (Article.Status.DRAFT, timedelta(hours=1), False),
    ],
)
def test_published_is_status_published_and_date_passed(status, offset, is_public):
    """Only published articles whose date has come are public, in the queryset and the property."""
    article = make_article(status=status, published_at=timezone.now() + offset)
    assert Article.objects.published().filter(pk=article.pk).exists() is is_public
    assert article.is_public is is_public


def test_scheduled_lists_published_articles_dated_in_the_future():
    """scheduled() is the complement of published() among published-status articles."""
    future = make_article(published_at=timezone.now() + timedelta(days=1))
    make_article()
    make_article(status=Article.Status.DRAFT, published_at=timezone.now() + timedelta(days=1))
    assert list(Article.objects.scheduled()) == [future]


class TestPreviousAndNext:
    @pytest.fixture
    def timeline(self):
        now = timezone.now()
        oldest = make_article(published_at=now - timedelta(days=3))
        middle = make_article(published_at=now - timedelta(days=2))
        newest = make_article(published_at=now - timedelta(days=1))
        # Neither a draft nor a scheduled article may appear as a neighbour.
        make_article(status=Article.Status.DRAFT, published_at=now - timedelta(days=2, hours=12))
        make_article(published_at=now + timedelta(days=1))
        return oldest, middle, newest

    def test_in_the_middle_previous_is_older_and_next_is_newer(self, timeline):
        """The middle article links to the published article just before and just after it."""
        oldest, middle, newest = timeline
        assert middle.get_previous_published() == oldest
        assert middle.get_next_published() == newest

    def test_the_oldest_article_has_no_previous(self, timeline):
        """Nothing before the first published article (the draft between does not count)."""
        oldest, middle, _ = timeline
        assert oldest.get_previous_published() is None
        assert oldest.get_next_published() == middle

    def test_the_newest_article_has_no_next(self, timeline):
        """Nothing after the latest published article: the scheduled one is not public yet."""
        _, middle, newest = timeline
        assert newest.get_next_published() is None
        assert newest.get_previous_published() == middle

    def test_equal_publication_dates_are_ordered_by_id(self):
        """Two articles published at the same instant still link to each other, once."""
        when = timezone.now() - timedelta(hours=1)
        first = make_article(published_at=when)
        second = make_article(published_at=when)
        assert first.get_next_published() == second
        assert second.get_previous_published() == first
        assert first.get_previous_published() is None
        assert second.get_next_published() is None


def test_related_articles_are_other_published_articles_of_the_same_category():
    """Lire aussi: up to three, same category, published, never the article itself."""
    category = make_category()
    article = make_article(category=category)
    others = [make_article(category=category) for _ in range(4)]
    make_article(category=category, status=Article.Status.DRAFT)
    make_article(category=category, published_at=timezone.now() + timedelta(hours=2))
    make_article()  # another category
    related = list(article.related_articles())
    assert len(related) == 3
    assert set(related) <= set(others)


@pytest.mark.parametrize("factory", [make_article, make_category])
def test_slugs_are_unique(factory):
    """A second article or category with a taken slug is refused by the database."""
    factory(slug="meme-slug")
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(slug="meme-slug")


class TestBodySanitising:
    def test_script_and_handlers_are_neutralised_on_save(self):
        """Tags outside the editorial safelist are removed, a script with its code; handlers too."""
        article = make_article(
            body='<p onclick="steal()">Texte</p><script>alert(1)</script>'
            '<a href="javascript:alert(1)">lien</a>'
        )
        article.refresh_from_db()
        assert "<script>" not in article.body_html
        assert "alert(1)</" not in article.body_html
        assert "onclick" not in article.body_html
        assert "javascript:" not in article.body_html
        assert "<p>Texte</p>" in article.body_html

    def test_editorial_markup_survives(self):
        """Headings, lists, quotes, figures and safe links (what the editor makes) are kept."""
        body = (
            "<h2>Titre</h2><ul><li>un</li></ul><blockquote><p>cité</p></blockquote>"
            '<figure><img src="https://example.org/a.jpg" alt="Une image"><figcaption>Légende'
            "</figcaption></figure>"
            '<p><a href="https://example.org/">lien</a> <strong>gras</strong></p>'
        )
        article = make_article(body=body)
        article.refresh_from_db()
        assert article.body_html == body

    def test_what_the_editor_wrote_is_kept_as_the_body(self):
        """body keeps the original, body_html its sanitised form, and an edit replaces both."""
        article = make_article(body="<p>Avant</p><iframe src='x'></iframe>")
        article.refresh_from_db()
        assert article.body == "<p>Avant</p><iframe src='x'></iframe>"
        assert "<iframe" not in article.body_html
        article.body = "<p>Après</p><style>p{}</style>"
        article.save()
        article.refresh_from_db()
        assert article.body == "<p>Après</p><style>p{}</style>"
        assert "<style>" not in article.body_html


class TestPublishingServices:
    def test_publishing_a_draft_dates_it_now(self):
        """A draft created long ago is published at the top of the listings, not buried."""
        draft = make_article(
            status=Article.Status.DRAFT, published_at=timezone.now() - timedelta(days=10)
        )
        before = timezone.now()
        assert articles_publish(articles=Article.objects.filter(pk=draft.pk)) == 1
        draft.refresh_from_db()
        assert draft.status == Article.Status.PUBLISHED
        assert draft.published_at >= before

    def test_publishing_keeps_a_future_date(self):
        """Publishing a draft dated in the future schedules it."""
        when = timezone.now() + timedelta(days=2)
        draft = make_article(status=Article.Status.DRAFT, published_at=when)
        articles_publish(articles=Article.objects.filter(pk=draft.pk))
        draft.refresh_from_db()
        assert draft.published_at == when
        assert not draft.is_public

    def test_unpublishing_turns_articles_back_into_drafts(self):
        """Unpublish changes only published articles and says how many."""
        published = make_article()
        draft = make_article(status=Article.Status.DRAFT)
        changed = articles_unpublish(
            articles=Article.objects.filter(pk__in=[published.pk, draft.pk])
        )
        assert changed == 1
        published.refresh_from_db()
        assert published.status == Article.Status.DRAFT


ARTICLE_BODY = "<p>Un &lt;b&gt; écrit tel quel</p>\n<script>x()</script>\n<p>Fin &amp; suite</p>"


@pytest.mark.parametrize(
    "load",
    [
        pytest.param(lambda rows: rows, id="whole row"),
        pytest.param(lambda rows: rows.defer("body"), id="defer body"),
        pytest.param(lambda rows: rows.defer("body_html"), id="defer body_html"),
        pytest.param(lambda rows: rows.only("pk", "title"), id="only title"),
        pytest.param(lambda rows: rows.only("pk", "body"), id="only body"),
    ],
)
def test_saving_again_however_loaded_changes_nothing(load):
    """A save after any load (twice, deferred, partial) keeps the body and its HTML as they were."""
    article = make_article(body=ARTICLE_BODY)
    before = Article.objects.values("body", "body_html").get(pk=article.pk)
    for _ in range(2):
        load(Article.objects.filter(pk=article.pk)).get().save()
    assert Article.objects.values("body", "body_html").get(pk=article.pk) == before
    assert before["body"] == ARTICLE_BODY


def test_saving_other_fields_leaves_the_html_alone():
    """save(update_fields=...) without the body writes neither body nor body_html."""
    article = make_article(body="<p>texte</p>")
    Article.objects.filter(pk=article.pk).update(body_html="<p>older policy</p>")
    article = Article.objects.only("pk", "title").get(pk=article.pk)
    article.title = "Nouveau titre"
    article.save(update_fields=["title"])
    assert Article.objects.values_list("body_html", flat=True).get(pk=article.pk) == (
        "<p>older policy</p>"
    )


def test_saving_the_body_alone_rebuilds_its_html():
    """save(update_fields=["body"]) writes body_html with it."""
    article = make_article(body="<p>avant</p>")
    article.body = "<p>après</p><iframe></iframe>"
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert article.body_html == "<p>après</p>"
