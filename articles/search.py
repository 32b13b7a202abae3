"""Full-text search of published articles, French first, on PostgreSQL and on SQLite.

**What is indexed**: an article's title (weighted most), standfirst, then the
text of its published body (``body_html`` without its tags). Drafts are
indexed too; the search itself starts from ``Article.objects.published()``, so
a draft or a scheduled article is never found.

**PostgreSQL**: ``Article.search_vector``, a stored ``tsvector`` with a GIN
index, built with the ``french_unaccent`` text search configuration (French
stemming after ``unaccent``; the 0006 migration creates both). The reader's
words go through ``websearch_to_tsquery``, which accepts any input ("quoted
phrases", ``-excluded``, ``or``) and never raises on syntax.

**SQLite**: the FTS5 table ``articles_search`` (``unicode61
remove_diacritics 2``: case and accents folded), one row per article, rowid =
article id. FTS5 has its own query language, where a stray quote or operator
is an error; so the reader's input is never passed as is: it is cut into words
(letters and digits only), each quoted and matched as a prefix of its
singular ("electeurs" looks for ``"electeur"*``), all required.

**Kept up to date** by ``index_articles()``: ``articles.receivers`` calls it
when an article is saved, drops the row when it is deleted; code that writes
articles with ``update()`` calls it itself (``rebuild_search_index`` rebuilds
everything).

**Highlight**: ``highlight()`` returns text segments flagged as matching or
not; the template wraps the matching ones in ``<mark>`` and escapes them all
like any other text (the query is reader input). It folds case and accents the
same way on both back ends, so the same words are marked.
"""

import html
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.utils.html import strip_tags

CONFIG = "french_unaccent"
FTS_TABLE = "articles_search"
# Longer queries are cut: nobody types more, and the cache key and the query stay small.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
PASSAGE_WORDS = 30

FTS_MATCHING_IDS = "SELECT rowid FROM articles_search WHERE articles_search MATCH %s"
# bm25: lower is better; a title hit weighs ten body hits, a standfirst hit four.
FTS_RANK = (
    "SELECT bm25(articles_search, 10.0, 4.0, 1.0) FROM articles_search "
    "WHERE articles_search MATCH %s AND articles_search.rowid = articles_article.id"
)

WORD = re.compile(r"\w+")
# Control characters (NUL among them: PostgreSQL refuses it in a string) and the like.
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean_query(raw):
    """The reader's query as searched: printable, trimmed, at most MAX_QUERY_LENGTH characters."""
    text = UNPRINTABLE.sub(" ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def fold(text):
    """Lower case without accents: "Électeurs" -> "electeurs", "Besançon" -> "besancon"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _stem(word):
    """A crude French singular, enough to match plurals both ways: "electeurs" -> "electeur"."""
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


def query_terms(query):
    """The query's words, folded and singular, without duplicates or operators, in order."""
    terms = []
    for word in WORD.findall(fold(query)):
        word = word.strip("_")
        if word and any(char.isalnum() for char in word):
            stem = _stem(word)
            if stem not in terms:
                terms.append(stem)
    return terms[:MAX_TERMS]


def plain_text(body_html):
    """The text a reader sees of a sanitised body: tags dropped, entities decoded."""
    return " ".join(html.unescape(strip_tags(body_html.replace("<", " <"))).split())


# -- the index ---------------------------------------------------------------------------


def search_vector():
    """The stored vector's expression: title (A), standfirst (B), body text (C)."""
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("standfirst", weight="B", config=CONFIG)
        + SearchVector("body_html", weight="C", config=CONFIG)
    )


def index_articles(article_ids):
    """Bring these articles' index entries up to date with the database (missing ones dropped)."""
    from .models import Article

    article_ids = list(article_ids)
    if not article_ids:
        return
    if connection.vendor == "postgresql":
        # The parser skips tags and entities of body_html: they are never words.
        Article.objects.filter(pk__in=article_ids).update(search_vector=search_vector())
    elif connection.vendor == "sqlite":
        rows = Article.objects.filter(pk__in=article_ids).values_list(
            "pk", "title", "standfirst", "body_html"
        )
        with connection.cursor() as cursor:
            _delete_rows(cursor, article_ids)
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, standfirst, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
                [(pk, title, standfirst, plain_text(body)) for pk, title, standfirst, body in rows],
            )


def unindex_articles(article_ids):
    """Drop these articles from the index (PostgreSQL's vector goes with the row)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            _delete_rows(cursor, list(article_ids))


def _delete_rows(cursor, article_ids):
    placeholders = ", ".join(["%s"] * len(article_ids))
    cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})", article_ids)  # noqa: S608


def rebuild_index():
    """Index every article again (after a restore, or a bulk write that bypassed save())."""
    from .models import Article

    ids = list(Article.objects.values_list("pk", flat=True))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
    for start in range(0, len(ids), 500):
        index_articles(ids[start : start + 500])
    return len(ids)


# -- searching ---------------------------------------------------------------------------


def _fts_match(terms):
    """An FTS5 query from folded words: each quoted (no operator survives), as a prefix."""
    return " ".join(f'"{term}"*' for term in terms)


def search(articles, query):
    """``articles`` (a queryset) matching ``query``, best first; none for an empty query.

    The caller chooses the queryset: ``Article.objects.for_listing()`` for readers.
    """
    query = clean_query(query)
    terms = query_terms(query)
    if not terms:
        return articles.none()
    if connection.vendor == "postgresql":
        tsquery = SearchQuery(query, search_type="websearch", config=CONFIG)
        return (
            articles.filter(search_vector=tsquery)
            .annotate(rank=SearchRank(F("search_vector"), tsquery))
            .order_by("-rank", "-published_at", "-pk")
        )
    match = (_fts_match(terms),)
    # Constant SQL; the reader's (quoted) words are a parameter.
    matching = RawSQL(FTS_MATCHING_IDS, match)  # noqa: S611
    rank = RawSQL(FTS_RANK, match)  # noqa: S611
    return articles.filter(pk__in=matching).annotate(rank=rank).order_by("rank", "-published_at")


# -- highlighting ------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    text: str
    is_match: bool = False


def _matches(word, terms):
    folded = _stem(fold(word))
    return any(folded == term or (len(term) >= 4 and folded.startswith(term)) for term in terms)


def highlight(text, terms):
    """``text`` cut into segments, the words that match a term flagged (plain text, unescaped)."""
    segments, last = [], 0
    for found in WORD.finditer(text):
        if _matches(found.group(), terms):
            if found.start() > last:
                segments.append(Segment(text[last : found.start()]))
            segments.append(Segment(found.group(), is_match=True))
            last = found.end()
    if last < len(text):
        segments.append(Segment(text[last:]))
    return segments


def passage(text, terms, *, words=PASSAGE_WORDS):
    """About ``words`` words of ``text`` around its first match, highlighted; [] without a match.

    Returns ``(segments, cut_before, cut_after)``.
    """
    spans = list(WORD.finditer(text))
    first = next((i for i, found in enumerate(spans) if _matches(found.group(), terms)), None)
    if first is None:
        return [], False, False
    start_word = max(0, first - words // 3)
    end_word = min(len(spans), start_word + words)
    start = spans[start_word].start()
    end = spans[end_word - 1].end() if end_word < len(spans) else len(text)
    return highlight(text[start:end], terms), start > 0, end < len(text)


@dataclass
class Result:
    """One search result as the template shows it: the article and its highlighted text."""

    article: object
    title: list
    passage: list
    cut_before: bool = False
    cut_after: bool = False


def results(articles, query):
    """Highlighted ``Result``s for a page of found ``articles`` (already loaded)."""
    terms = query_terms(clean_query(query))
    shown = []
    for article in articles:
        segments, before, after = passage(plain_text(article.body_html), terms)
        if not segments:
            segments, before, after = highlight(article.standfirst, terms), False, False
        shown.append(
            Result(
                article=article,
                title=highlight(article.title, terms),
                passage=segments,
                cut_before=before,
                cut_after=after,
            )
        )
    return shown
