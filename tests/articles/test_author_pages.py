"""Author pages (/auteur/<slug>/) and bylines that link to them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, AuthorProfile
from tests.factories import make_article, make_user
from tests.helpers import links, parse_html, text_of, visible_text

pytestmark = pytest.mark.django_db


def author(first, last, bio=""):
    user = make_user(is_staff=True, first_name=first, last_name=last)
    profile = AuthorProfile.objects.ensure_for(user)
    profile.bio = bio
    profile.save()
    return user


def page_url(user):
    return reverse("articles:author", kwargs={"slug": user.author_profile.slug})


def test_author_page_shows_name_bio_and_published_articles(client):
    """Signed or co-signed, published only, newest first."""
    claire = author("Claire", "Dumas", bio="Journaliste au service sciences.")
    julien = author("Julien", "Moreau")
    signed = make_article(author=claire, title="Signé par Claire")
    cosigned = make_article(author=julien, title="Cosigné par Claire")
    cosigned.coauthors.add(claire)
    make_article(author=claire, title="Brouillon de Claire", status=Article.Status.DRAFT)
    make_article(author=claire, title="Programmé", published_at=timezone.now() + timedelta(days=1))
    make_article(author=julien, title="Seulement Julien")
    response = client.get(page_url(claire))
    assert response.status_code == 200
    assert [a.pk for a in response.context["articles"]] == [signed.pk, cosigned.pk]
    page = parse_html(response.text)
    assert text_of(page.find(".//h1")) == "Claire Dumas"
    text = visible_text(response.text)
    assert "Journaliste au service sciences." in text
    assert "2 articles publiés" in text
    for absent in ["Brouillon de Claire", "Programmé", "Seulement Julien"]:
        assert absent not in text


def test_the_bio_is_plain_text(client):
    claire = author("Claire", "Dumas", bio="<script>alert(1)</script> & co")
    make_article(author=claire)
    response = client.get(page_url(claire))
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in response.text


@pytest.mark.parametrize(
    "fields",
    [None, {"status": Article.Status.DRAFT}, {"published_at": timezone.now() + timedelta(days=2)}],
    ids=["nothing", "only-a-draft", "only-scheduled"],
)
def test_authors_who_never_published_have_no_page(client, fields):
    claire = author("Claire", "Dumas")
    if fields is not None:
        make_article(author=claire, **fields)
    assert client.get(page_url(claire)).status_code == 404


def test_unknown_author_is_404(client):
    assert client.get("/auteur/personne/").status_code == 404


def test_author_pages_paginate(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    claire = author("Claire", "Dumas")
    for _ in range(3):
        make_article(author=claire)
    assert len(client.get(page_url(claire), {"page": 2}).context["articles"]) == 1
    assert client.get(page_url(claire), {"page": 3}).status_code == 404
    assert client.get(page_url(claire), {"page": "x"}).status_code == 404


def test_bylines_link_every_signatory_to_their_page(client):
    """Cards and the article page: "par Claire Dumas et Julien Moreau", each a link."""
    claire, julien = author("Claire", "Dumas"), author("Julien", "Moreau")
    article = make_article(author=claire)
    article.coauthors.add(julien)
    for url in ["/", article.get_absolute_url()]:
        response = client.get(url)
        byline = parse_html(response.text).find(".//main//span[@class='article-meta__author']")
        assert text_of(byline) == "par Claire Dumas et Julien Moreau"
        assert [a.get("href") for a in byline.iterfind("a")] == [
            page_url(claire),
            page_url(julien),
        ]


def test_a_signatory_without_profile_is_named_without_link(client):
    """Accounts that never got a profile (created outside the admin) are named, not linked."""
    writer = make_user(first_name="Anne", last_name="Roux")
    make_article(author=writer)
    byline = parse_html(client.get("/").text).find(".//span[@class='article-meta__author']")
    assert text_of(byline) == "par Anne Roux"
    assert byline.find("a") is None


def test_three_signatories_are_joined_the_french_way(client):
    people = [author("Anne", "Abel"), author("Bruno", "Bart"), author("Chloé", "Cruz")]
    article = make_article(author=people[0])
    article.coauthors.add(*people[1:])
    byline = parse_html(client.get("/").text).find(".//span[@class='article-meta__author']")
    assert text_of(byline) == "par Anne Abel, Bruno Bart et Chloé Cruz"


def test_a_renamed_author_shows_on_cached_pages(client):
    claire = author("Claire", "Dumas")
    make_article(author=claire)
    assert "Claire Dumas" in client.get(page_url(claire)).text
    claire.author_profile.display_name = "Claire D."
    claire.author_profile.save()
    assert "Claire D." in client.get(page_url(claire)).text
    assert page_url(claire) in links(client.get("/").text)


@pytest.mark.parametrize("count", [1, 10])
def test_author_page_queries_do_not_grow_with_articles(
    client, settings, django_assert_max_num_queries, count
):
    settings.PAGE_CACHE_SECONDS = 0
    claire, julien = author("Claire", "Dumas"), author("Julien", "Moreau")
    for _ in range(count):
        article = make_article(author=claire)
        article.coauthors.add(julien)
    with django_assert_max_num_queries(8):
        response = client.get(page_url(claire))
    assert len(response.context["articles"]) == count
