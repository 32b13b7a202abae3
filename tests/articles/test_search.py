"""Search: accent- and case-insensitive on both back ends, safe with any input, cacheable.

Run on SQLite (FTS5) by default and on PostgreSQL (tsvector) with
``DATABASE_URL=postgres://… pytest tests/articles/test_search.py``.
"""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import search
from articles.models import Article
from tests.corpus import load_text
from tests.factories import make_article
from tests.helpers import links, parse_html, text_of, visible_text

pytestmark = pytest.mark.django_db

URL = reverse("articles:search")
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)

# Operators and syntax of FTS5, tsquery/websearch and SQL: each must be taken as text.
OPERATOR_QUERIES = [
    '"', '""', '"""', "'", "''", "*", "**", "^", ":", "-", "--", "+", "(", ")", "()", "{}",
    "NEAR", "NEAR(a b)", "NEAR(", "AND", "OR", "NOT", "a AND", "OR b", "NOT NOT", "a OR OR b",
    "title:électeurs", "body:x", "{title}: x", "rowid:1", "-électeurs", '"électeurs', "électeurs*",
    "*électeurs", "^électeurs", "électeurs NEAR/2 Besançon", "a & b", "a | b", "!a", "a <-> b",
    "a:*", "a:*B", "'a' & 'b'", "&", "|", "!", "<->", "<1>", "\\", "\\\\", "%", "_", "%_%",
    "'; DROP TABLE articles_article; --", "1' OR '1'='1", "\" OR 1=1 --",
    "électeurs' UNION SELECT password FROM auth_user --", "); DELETE FROM articles_search; --",
    "MATCH", "articles_search MATCH '*'", "bm25(", "x\x00y", "\x00", "   ", "\t\n",
    "élec\u0301teurs", "\u202eelecteurs", "\ufeffelecteurs", "_électeurs_",
]  # fmt: skip


def found(client, query, **params):
    response = client.get(URL, {"q": query, **params})
    assert response.status_code == 200
    return [article.pk for article in response.context["articles"]]


@pytest.fixture
def articles():
    return {
        "electeurs": make_article(
            title="Les Électeurs de Besançon votent dimanche",
            standfirst="Un scrutin municipal très suivi.",
            body="<p>Les bureaux ouvrent à huit heures.</p>",
        ),
        "plain": make_article(
            title="Budget de la ville",
            standfirst="Le conseil débat.",
            body="<p>Les electeurs sans accent et une <strong>hausse</strong> des impôts.</p>",
        ),
        "other": make_article(
            title="Concert au parc", standfirst="Musique.", body="<p>Rien à voir.</p>"
        ),
    }


class TestFinding:
    @pytest.mark.parametrize(
        "query", ["electeurs", "ÉLECTEURS", "Électeurs", "électeurs", "eLeCtEuRs"]
    )
    def test_case_and_accents_do_not_matter(self, client, articles, query):
        """ "electeurs" finds "Électeurs", and accented queries find unaccented text."""
        assert set(found(client, query)) == {articles["electeurs"].pk, articles["plain"].pk}

    @pytest.mark.parametrize("query", ["besancon", "Besançon", "BESANCON"])
    def test_cedilla_does_not_matter(self, client, articles, query):
        assert found(client, query) == [articles["electeurs"].pk]

    def test_singular_finds_plural(self, client, articles):
        """French plurals: "électeur" finds "électeurs" (stemming, or a prefix on SQLite)."""
        assert articles["electeurs"].pk in found(client, "électeur")

    def test_all_words_are_required(self, client, articles):
        assert found(client, "électeurs besançon") == [articles["electeurs"].pk]
        assert found(client, "électeurs concert") == []

    def test_standfirst_and_body_text_are_searched_but_not_tags(self, client, articles):
        assert found(client, "scrutin") == [articles["electeurs"].pk]
        assert found(client, "hausse") == [articles["plain"].pk]
        assert found(client, "strong") == []

    def test_title_matches_rank_first(self, client, articles):
        """A word in the title weighs more than the same word in the body."""
        in_body = make_article(title="Chronique", body="<p>Parlons de jazz ce soir.</p>")
        in_title = make_article(title="Le jazz en fête", body="<p>Un festival.</p>")
        assert found(client, "jazz") == [in_title.pk, in_body.pk]

    @pytest.mark.parametrize(
        "fields",
        [
            {"status": Article.Status.DRAFT},
            {"published_at": timezone.now() + timedelta(hours=1)},
        ],
        ids=["draft", "scheduled"],
    )
    def test_drafts_and_scheduled_articles_are_never_found(self, client, fields):
        make_article(title="Secret électoral", **fields)
        assert found(client, "secret") == []
        assert found(client, "électoral") == []


class TestIndex:
    def test_the_index_follows_edits_and_deletions(self, client, articles):
        article = articles["other"]
        article.title = "Fanfare au kiosque"
        article.save()
        assert found(client, "fanfare") == [article.pk]
        assert found(client, "concert") == []
        article.delete()
        assert found(client, "fanfare") == []

    def test_a_save_of_other_fields_leaves_the_index_alone(self, client, articles):
        article = articles["other"]
        with CaptureQueriesContext(connection) as queries:
            article.save(update_fields=["comments_open"])
        sql = " ".join(query["sql"] for query in queries)
        assert "articles_search" not in sql
        assert "search_vector" not in sql

    def test_rebuild_command_restores_a_lost_index(self, client, articles):
        """After writes that bypassed save() (a restore, a bulk update), one command rebuilds it."""
        Article.objects.filter(pk=articles["other"].pk).update(title="Orchestre symphonique")
        assert found(client, "orchestre") == []
        call_command("rebuild_search_index", stdout=None)
        assert found(client, "orchestre") == [articles["other"].pk]

    def test_resanitize_reindexes_the_bodies_it_rewrites(self, client):
        """resanitize writes body_html with update(): it indexes what it wrote."""
        article = make_article(body="<p>Une trompette</p>")
        Article.objects.filter(pk=article.pk).update(body_html="<p>ancien</p>")
        search.index_articles([article.pk])
        assert found(client, "trompette") == []
        call_command("resanitize", stdout=None)
        assert found(client, "trompette") == [article.pk]


class TestHostileQueries:
    @pytest.mark.parametrize("query", OPERATOR_QUERIES)
    def test_operators_and_sql_are_plain_text(self, client, articles, query):
        """No query raises: FTS5 and tsquery syntax, SQL, quotes, NUL."""
        response = client.get(URL, {"q": query})
        assert response.status_code == 200
        assert Article.objects.count() == 3

    def test_hostile_text_corpus_never_raises(self, client, articles):
        """Every value of tests/data/bad_text_public.txt gets a page, never a 500."""
        for value in load_text("bad_text_public.txt"):
            response = client.get(URL, {"q": value})
            assert response.status_code == 200, repr(value[:80])

    def test_invalid_utf8_in_the_query_string_gets_a_page(self, client, articles):
        response = client.get(URL, QUERY_STRING="q=%FF%FE%C3%28electeurs")
        assert response.status_code == 200

    def test_an_empty_query_gets_a_prompt(self, client, articles):
        for query in [None, "", "   "]:
            response = client.get(URL, {} if query is None else {"q": query})
            assert response.status_code == 200
            assert "Saisissez un ou plusieurs mots" in visible_text(response.text)

    def test_a_query_of_symbols_gets_a_friendly_page(self, client, articles):
        response = client.get(URL, {"q": "*** ??? !!!"})
        assert "aucun mot à chercher" in visible_text(response.text)

    def test_a_ten_thousand_character_query_is_cut_and_said(self, client, articles):
        response = client.get(URL, {"q": "électeurs " + "x" * 10_000})
        assert response.status_code == 200
        assert "200 premiers caractères" in visible_text(response.text)
        field = parse_html(response.text).find(".//input[@id='search-q']")
        assert len(field.get("value")) <= search.MAX_QUERY_LENGTH

    def test_no_match_is_said(self, client, articles):
        response = client.get(URL, {"q": "xylophone"})
        assert "Aucun article ne correspond à « xylophone »" in visible_text(response.text)


class TestPage:
    def test_results_show_the_matching_passage_highlighted(self, client, articles):
        response = client.get(URL, {"q": "electeurs"})
        page = parse_html(response.text)
        marks = [text_of(mark) for mark in page.iterfind(".//ol//mark")]
        assert "Électeurs" in marks
        assert "electeurs" in marks
        assert "2 articles correspondent à « electeurs »" in visible_text(response.text)

    def test_highlight_and_echoed_query_are_escaped(self, client):
        """The query is reader input; titles are plain text: both are escaped."""
        make_article(
            title="Électeurs <em>et</em> élus",
            body='<p>Électeurs &amp; "élus" <b>ici</b></p>',
        )
        response = client.get(URL, {"q": '"><électeurs&'})
        assert "<em>et</em>" not in response.text
        assert "<mark>Électeurs</mark> &lt;em&gt;et&lt;/em&gt; élus" in response.text
        assert "<mark>Électeurs</mark> &amp; &quot;élus&quot; ici" in response.text
        query = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'
        response = client.get(URL, {"q": query})
        assert response.status_code == 200
        assert "<script>alert(1)" not in response.text
        assert "<img src=x" not in response.text
        page = parse_html(response.text)
        assert page.find(".//main//script") is None
        assert page.find(".//main//img") is None
        assert page.find(".//input[@id='search-q']").get("value") == query
        assert query in visible_text(response.text)

    def test_search_form_in_every_pages_header(self, client, articles):
        """A labelled search field in the header of every page."""
        for url in ["/", articles["other"].get_absolute_url(), reverse("articles:archive")]:
            page = parse_html(client.get(url).text)
            form = page.find(".//header//form[@role='search']")
            assert form.get("action") == URL
            field = form.find(".//input[@name='q']")
            label = form.find(f".//label[@for='{field.get('id')}']")
            assert text_of(label) == "Rechercher dans les articles"

    def test_results_paginate_and_keep_the_query(self, client, settings):
        settings.ARTICLES_PER_PAGE = 2
        for n in range(5):
            make_article(title=f"Randonnée numéro {n}")
        first = client.get(URL, {"q": "randonnée"})
        assert len(first.context["articles"]) == 2
        assert "?q=randonn%C3%A9e&page=2" in links(first.text, ".//nav[@class='pagination']//a")
        assert len(client.get(URL, {"q": "randonnée", "page": 3}).context["articles"]) == 1
        assert client.get(URL, {"q": "randonnée", "page": 4}).status_code == 404
        assert client.get(URL, {"q": "randonnée", "page": "last"}).status_code == 404

    def test_search_pages_are_cached_and_write_nothing(
        self, client, articles, django_assert_num_queries
    ):
        """A repeated search is served from the page cache; no request writes."""
        with CaptureQueriesContext(connection) as queries:
            first = client.get(URL, {"q": "électeurs"})
        assert not [q["sql"] for q in queries if WRITES.match(q["sql"])]
        with django_assert_num_queries(0):
            again = client.get(URL, {"q": "électeurs"})
        assert again.content == first.content
        revalidated = client.get(URL, {"q": "électeurs"}, HTTP_IF_NONE_MATCH=first["ETag"])
        assert revalidated.status_code == 304

    @pytest.mark.parametrize("count", [1, 10])
    def test_query_count_does_not_grow_with_results(
        self, client, settings, django_assert_max_num_queries, count
    ):
        settings.PAGE_CACHE_SECONDS = 0
        for n in range(count):
            make_article(title=f"Marathon {n}")
        with django_assert_max_num_queries(6):
            response = client.get(URL, {"q": "marathon"})
        assert len(response.context["articles"]) == count
