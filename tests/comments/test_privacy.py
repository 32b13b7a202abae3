"""A reader's e-mail address never leaves the moderators' side: crawl every public URL and look."""

import hashlib
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.factories import approve, comment_form_data, make_article, make_category
from tests.html import parse

pytestmark = pytest.mark.django_db

ADDRESSES = ["Zoe.Secret@Example.org", "camille.discrete@example.net", "pending.person@example.com"]
SEEDS = ["/", "/robots.txt"]
NOT_PUBLIC = ("/admin/", "/captcha/", "/static/", "/media/", "/i18n/", "/commentaires/")
URL_IN_TEXT = re.compile(r"https?://testserver(/[^\s<>\"']*)")


def forbidden_strings(address):
    """The address as typed and normalised, and the hashes an avatar service would use."""
    variants = {address, address.lower(), address.strip().lower()}
    forms = set(variants)
    for variant in variants:
        data = variant.encode()
        forms |= {hashlib.md5(data).hexdigest(), hashlib.sha256(data).hexdigest()}  # noqa: S324
    return {form.lower() for form in forms}


def links_in(response):
    content_type = response.get("Content-Type", "")
    body = response.content.decode("utf-8", "replace")
    found = set()
    if "html" in content_type:
        for element in parse(body).iter():
            for attribute in ("href", "src"):
                if element.get(attribute):
                    found.add(element.get(attribute))
    found |= {match.group(1) for match in URL_IN_TEXT.finditer(body)}
    for line in body.splitlines():
        if line.lower().startswith("sitemap:"):
            found.add(line.split(":", 1)[1].strip())
    return found


def crawl(client, **headers):
    """Every page reachable from the seeds without logging in, with its response."""
    seen, queue, pages = set(), deque(SEEDS), {}
    while queue:
        url = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc not in {"", "testserver"} or parts.scheme not in {"", "http", "https"}:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path in seen or path.startswith(NOT_PUBLIC) or not path.startswith("/"):
            continue
        seen.add(path)
        response = client.get(path, **headers)
        pages[path] = response
        if response.status_code == 200:
            queue.extend(urljoin(path, link) for link in links_in(response))
    return pages


@pytest.fixture
def site_with_comments(settings):
    settings.ARTICLES_PER_PAGE = 3
    settings.COMMENTS_MAX_LINKS = 10
    categories = [make_category(), make_category()]
    articles = [make_article(category=categories[i % 2]) for i in range(8)]
    author = Client()
    for index, address in enumerate(ADDRESSES[:2]):
        for article in articles[:3]:
            author.post(
                reverse("comments:post", kwargs={"slug": article.slug}),
                comment_form_data(
                    article,
                    author_email=address,
                    author_name=f"Lectrice {index}",
                    author_url="https://lectrice.example.org/" if index else "",
                    body=f"Mon adresse est ailleurs {index}",
                    remember="on",
                ),
            )
    approve(*Comment.objects.all())
    parent = Comment.objects.first()
    author.post(
        reverse("comments:post", kwargs={"slug": parent.article.slug}),
        comment_form_data(parent.article, author_email=ADDRESSES[2], parent=parent.pk),
    )
    assert Comment.objects.filter(author_email__in=ADDRESSES).count() == 7
    return articles, categories


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_public_response_contains_a_reader_address_or_its_hash(site_with_comments, language):
    articles, categories = site_with_comments
    pages = crawl(Client(), HTTP_ACCEPT_LANGUAGE=language)

    crawled = set(pages)
    for article in articles:
        assert article.get_absolute_url() in crawled
    for category in categories:
        assert category.get_absolute_url() in crawled
    assert any("page=2" in url for url in crawled), "pagination was not crawled"
    assert {"/archives/", "/robots.txt", "/sitemap.xml", "/rss/"} <= crawled
    feeds = [r for r in pages.values() if "rss" in r.get("Content-Type", "")]
    assert len(feeds) >= 1 + len(categories), "site and category feeds were not all crawled"
    assert any(
        "Mon adresse est ailleurs" in r.content.decode("utf-8", "replace") for r in pages.values()
    ), "the approved comments were not on any crawled page"

    forbidden = set().union(*(forbidden_strings(a) for a in ADDRESSES))
    for url, response in pages.items():
        assert response.status_code < 500, url
        body = response.content.decode("utf-8", "replace").lower()
        headers = " ".join(f"{k}: {v}" for k, v in response.headers.items()).lower()
        for value in forbidden:
            assert value not in body, f"{value} found in {url}"
            assert value not in headers, f"{value} found in the headers of {url}"


def test_error_pages_do_not_contain_addresses(site_with_comments):
    client = Client()
    article = site_with_comments[0][0]
    responses = [
        client.get("/cette-page-nexiste-pas/"),
        client.get(reverse("comments:post", kwargs={"slug": article.slug})),
        client.get(article.get_absolute_url(), {"repondre": Comment.objects.first().pk}),
    ]
    forbidden = set().union(*(forbidden_strings(a) for a in ADDRESSES))
    for response in responses:
        body = response.content.decode("utf-8", "replace").lower()
        assert not any(value in body for value in forbidden)


def test_the_crawler_would_notice_a_leak(site_with_comments):
    """The check above can fail: an address placed on a public page is found."""
    articles, _ = site_with_comments
    article = articles[0]
    article.standfirst = ADDRESSES[0]
    article.save()
    pages = crawl(Client())
    assert any(
        ADDRESSES[0].lower() in r.content.decode("utf-8", "replace").lower() for r in pages.values()
    )
