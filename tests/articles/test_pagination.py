"""Numbered pagination on every listing: edges, malformed numbers, aria-current."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_article, make_category
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


@pytest.mark.parametrize("page", ["0", "10", "-1", "abc", "last", "01", "2.0", "", " 2", "9" * 30])
def test_out_of_range_or_malformed_page_numbers_are_404(client, category, page):
    """Not a copy of page 1 (or of the last page) under another URL."""
    assert client.get(category.get_absolute_url(), {"page": page}).status_code == 404


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
