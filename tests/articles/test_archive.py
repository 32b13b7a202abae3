"""Archives: the months with their counts, one page per month."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article
from tests.helpers import links, parse_html, text_of, visible_text

pytestmark = pytest.mark.django_db


def at(*args):
    return timezone.make_aware(datetime(*args))


def month_url(year, month):
    return reverse("articles:archive_month", kwargs={"year": f"{year:04}", "month": f"{month:02}"})


def test_archive_lists_months_with_counts_newest_first(client):
    """Each month that has published articles, its count, a link to its page."""
    make_article(published_at=at(2026, 3, 14, 10))
    make_article(published_at=at(2026, 3, 2, 10))
    make_article(published_at=at(2025, 12, 31, 10))
    make_article(published_at=at(2026, 4, 1, 10), status=Article.Status.DRAFT)
    page = parse_html(client.get(reverse("articles:archive")).text)
    months = [text_of(li) for li in page.iterfind(".//ul[@class='archive-index__months']/li")]
    assert months == ["Mars 2 articles", "Décembre 1 article"]
    assert [text_of(h) for h in page.iterfind(".//h2[@class='archive-index__heading']")] == [
        "2026",
        "2025",
    ]
    hrefs = links(client.get(reverse("articles:archive")).text, ".//main//li/a")
    assert hrefs == [month_url(2026, 3), month_url(2025, 12)]


def test_months_are_counted_in_local_time(client, settings):
    """An article published at 00:30 in Paris on 1 March is a March article (UTC: February)."""
    settings.TIME_ZONE = "Europe/Paris"
    article = make_article(published_at=at(2026, 3, 1, 0, 30))
    assert article.get_month_url() == month_url(2026, 3)
    text = visible_text(client.get(reverse("articles:archive")).text)
    assert "Mars 1 article" in text
    assert article.title in visible_text(client.get(month_url(2026, 3)).text)
    assert client.get(month_url(2026, 2)).status_code == 404


def test_month_page_lists_that_months_published_articles(client):
    """Only that month, newest first; drafts, scheduled and other months left out."""
    older = make_article(title="Début du mois", published_at=at(2026, 3, 2, 10))
    newer = make_article(title="Milieu du mois", published_at=at(2026, 3, 14, 10))
    make_article(title="Avril", published_at=at(2026, 4, 1, 10))
    make_article(title="Brouillon", published_at=at(2026, 3, 5, 10), status="draft")
    response = client.get(month_url(2026, 3))
    assert response.status_code == 200
    assert [a.pk for a in response.context["articles"]] == [newer.pk, older.pk]
    text = visible_text(response.text)
    assert "Mars 2026" in text
    assert "Avril" not in text.replace("Avril 2026", "")
    assert "Brouillon" not in text
    assert links(response.text, ".//nav[@class='month-nav']/a") == [month_url(2026, 4)]


def test_scheduled_articles_do_not_open_a_month(client):
    make_article(published_at=timezone.now() + timedelta(days=40))
    later = timezone.localdate() + timedelta(days=40)
    assert client.get(month_url(later.year, later.month)).status_code == 404
    assert "Aucun article publié" in visible_text(client.get(reverse("articles:archive")).text)


@pytest.mark.parametrize(
    "path",
    ["/archives/2026/13/", "/archives/2026/00/", "/archives/2026/3/", "/archives/26/03/",
     "/archives/2026/03/x/", "/archives/2031/01/"],
)  # fmt: skip
def test_impossible_or_empty_months_are_404(client, path):
    make_article(published_at=at(2026, 3, 2, 10))
    assert client.get(path).status_code == 404


def test_month_pages_paginate(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    for day in range(1, 6):
        make_article(published_at=at(2026, 3, day, 10))
    url = month_url(2026, 3)
    assert len(client.get(url).context["articles"]) == 2
    assert len(client.get(url, {"page": 3}).context["articles"]) == 1
    assert client.get(url, {"page": 4}).status_code == 404


@pytest.mark.parametrize("count", [1, 12])
def test_archive_pages_cost_the_same_queries_whatever_they_show(
    client, settings, django_assert_max_num_queries, count
):
    """The month index and a month page: a fixed number of queries, not one per article."""
    settings.ARTICLES_PER_PAGE = 20
    settings.PAGE_CACHE_SECONDS = 0
    for day in range(count):
        make_article(published_at=at(2026, 3, 1 + day % 28, 10))
        make_article(published_at=at(2025, 1 + day % 12, 3, 10))
    with django_assert_max_num_queries(3):
        client.get(reverse("articles:archive"))
    # One of them counts the page's comments (comments_tags.get_comment_counts).
    with django_assert_max_num_queries(9):
        client.get(month_url(2026, 3))
