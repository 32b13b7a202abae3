"""Numbered pagination on every listing: edges, malformed numbers, aria-current."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import AuthorProfile
from tests.factories import make_article, make_category, make_user
from tests.helpers import parse_html, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(settings):
    """A category with 17 articles: 9 pages of 2."""
    settings.ARTICLES_PER_PAGE = 2
    category = make_category(name="Politique")
    now = timezone.now()
    for hours in range(1, 18):
        make_article(category=category, published_at=now - timedelta(hours=hours))
    return category


def pagination(response):
    nav = parse_html(response.text).find(".//nav[@class='pagination']")
    assert nav is not None
    return nav


def numbers(nav):
    """The page numbers shown, "…" for gaps, the current one in brackets."""
    shown = []
    for item in nav.iterfind(".//li"):
        link = item.find("a")
        if "pagination__item--gap" in item.get("class"):
            shown.append("…")
        elif "pagination__number" in link.get("class"):
            number = text_of(link).replace("Page ", "")
            shown.append(f"[{number}]" if link.get("aria-current") == "page" else number)
    return shown


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (1, ["[1]", "2", "3", "…", "9"]),
        (2, ["1", "[2]", "3", "4", "…", "9"]),
        (5, ["1", "2", "3", "4", "[5]", "6", "7", "8", "9"]),
        (6, ["1", "…", "4", "5", "[6]", "7", "8", "9"]),
        (9, ["1", "…", "7", "8", "[9]"]),
    ],
)
def test_pages_are_numbered_with_gaps_and_the_current_one_marked(client, category, page, expected):
    """Neighbours and both ends are shown, gaps elided, aria-current on the page shown."""
    response = client.get(category.get_absolute_url(), {"page": page} if page > 1 else {})
    assert numbers(pagination(response)) == expected


def test_first_and_last_pages_have_one_direction_link(client, category):
    """Page 1 has no "previous", the last page no "next"; page 2's previous is the bare URL."""
    url = category.get_absolute_url()
    first = pagination(client.get(url))
    assert first.find(".//a[@rel='prev']") is None
    assert first.find(".//a[@rel='next']").get("href") == "?page=2"
    second = pagination(client.get(url, {"page": 2}))
    assert second.find(".//a[@rel='prev']").get("href") == "?"
    last = pagination(client.get(url, {"page": 9}))
    assert last.find(".//a[@rel='next']") is None
    assert last.find(".//a[@rel='prev']").get("href") == "?page=8"


def test_page_one_is_linked_without_a_page_number(client, category):
    """Page 1 has one URL: the listing's own."""
    nav = pagination(client.get(category.get_absolute_url(), {"page": 3}))
    numbered = nav.iterfind(".//a[@class='pagination__link pagination__number']")
    hrefs = [a.get("href") for a in numbered]
    assert hrefs[0] == "?"
    assert "?page=1" not in hrefs


@pytest.mark.parametrize(
    "page", ["0", "00", "10", "-1", "abc", "last", "2.0", "", " 2", "+2", "9" * 30]
)
def test_out_of_range_or_malformed_page_numbers_are_404(client, category, page):
    """Not a copy of page 1 (or of the last page) under another URL, and never stored."""
    url = category.get_absolute_url()
    for _ in range(2):
        response = client.get(url, {"page": page})
        assert response.status_code == 404
        assert "ETag" not in response


def test_a_repeated_page_parameter_is_404(client, category):
    assert client.get(category.get_absolute_url() + "?page=2&page=3").status_code == 404


@pytest.mark.parametrize(
    ("page", "canonical"),
    [("1", ""), ("01", ""), ("0001", ""), ("02", "?page=2"), ("0009", "?page=9")],
)
def test_page_one_and_zero_padded_numbers_redirect_to_the_canonical_url(
    client, category, page, canonical
):
    """One URL per page: ?page=1 is the listing itself, ?page=0002 is ?page=2 (301)."""
    url = category.get_absolute_url()
    response = client.get(url, {"page": page})
    assert response.status_code == 301
    assert response["Location"] == url + canonical


def test_zero_padded_numbers_redirect_even_past_the_last_page(client, category):
    """The redirect fixes the URL's form only; the canonical page then answers 404."""
    url = category.get_absolute_url()
    response = client.get(url, {"page": "0010"})
    assert response["Location"] == url + "?page=10"
    assert client.get(response["Location"]).status_code == 404


def test_a_reader_with_a_session_is_redirected_too(client, category, django_user_model):
    """The rule is the URL's, not the cache's: logged-in staff get the same redirect."""
    client.force_login(django_user_model.objects.create_user("redactrice", is_staff=True))
    response = client.get(category.get_absolute_url(), {"page": "03"})
    assert response.status_code == 301
    assert response["Location"] == category.get_absolute_url() + "?page=3"


def listing_urls(article):
    """Every paginated public listing, as (name, URL) pairs, for one published article."""
    month = timezone.localtime(article.published_at)
    return [
        ("home", "/"),
        ("category", article.category.get_absolute_url()),
        ("archive_month", f"/archives/{month:%Y}/{month:%m}/"),
        ("topic", "/sujet/climat/"),
        ("author", reverse("articles:author", kwargs={"slug": article.author.author_profile.slug})),
        ("search", "/recherche/?q=climat"),
    ]


@pytest.fixture
def one_article():
    user = make_user(is_staff=True, first_name="Claire", last_name="Dumas")
    AuthorProfile.objects.ensure_for(user)
    article = make_article(
        title="Le climat change", body="<p>Le climat change vite.</p>", author=user
    )
    article.tags.add("climat")
    return article


def test_every_paginated_listing_follows_the_same_page_rules(client, one_article):
    """Home, category, month, topic, author and search: 301 for 1 and padding, 404 otherwise."""
    for name, url in listing_urls(one_article):
        separator = "&" if "?" in url else "?"
        assert client.get(url).status_code == 200, name
        redirect = client.get(f"{url}{separator}page=0001")
        assert redirect.status_code == 301, name
        assert redirect["Location"] == url, name
        assert client.get(f"{url}{separator}page=1")["Location"] == url, name
        for page in ("2", "abc", "0"):
            assert client.get(f"{url}{separator}page={page}").status_code == 404, (name, page)


def test_pages_that_are_not_paginated_ignore_page(client, one_article):
    """The archive index and site pages read no ``page``: it gets the shared copy, no 404."""
    first = client.get("/archives/")
    for page in ("2", "abc", "0001"):
        response = client.get("/archives/", {"page": page})
        assert response.status_code == 200
        assert response["ETag"] == first["ETag"]


@pytest.mark.parametrize("page", ["0", "2", "abc", "last"])
def test_home_refuses_pages_it_does_not_have(client, settings, page):
    settings.ARTICLES_PER_PAGE = 2
    make_article()
    assert client.get("/", {"page": page}).status_code == 404


def test_a_single_page_has_no_pagination(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    make_article()
    page = parse_html(client.get("/").text)
    assert page.find(".//nav[@class='pagination']") is None


def test_an_empty_site_still_has_a_home_page(client):
    """No article yet: page 1 exists (and says so), page 2 does not."""
    assert client.get("/").status_code == 200
    assert client.get("/", {"page": 2}).status_code == 404
