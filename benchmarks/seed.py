"""Seed an empty database with the pages the benchmarks and the load-safety test hit.

Run with the same environment as the server (DATABASE_URL, ...) after `migrate`:

    python benchmarks/seed.py            # prints the URLs of each page, as JSON

Creates 3 categories, 30 published articles, and two articles with 50 and 500
approved comments (a tenth of them replies). Comments are written in bulk, already
sanitised: this is test data, not reader input.
"""

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Category  # noqa: E402
from comments.models import Comment  # noqa: E402

PARAGRAPH = (
    "<p>Les rédactions régionales ont observé une hausse sensible de la fréquentation "
    "de leurs pages, portée par les lecteurs qui suivent les débats locaux et qui "
    "reviennent commenter les articles consacrés à leur commune.</p>"
)


def make_comments(article, count, now):
    """`count` approved comments on `article`, one reply every ten comments."""
    top_level = []
    for n in range(count - count // 10):
        comment = Comment(
            article=article,
            author_name=f"Lectrice {n}",
            author_email=f"lectrice{n}@example.net",
            body=f"Commentaire numéro {n} : merci pour cet article très complet.",
            status=Comment.Status.APPROVED,
            ip_address="192.0.2.10",
        )
        comment.body_html = comment.render_body_html()
        top_level.append(comment)
    Comment.objects.bulk_create(top_level)
    # bulk_create sets created_at (auto_now_add) to one instant: spread them out.
    for n, comment in enumerate(top_level):
        comment.created_at = now - timedelta(minutes=count - n)
    Comment.objects.bulk_update(top_level, ["created_at"])

    replies = []
    for n in range(count // 10):
        reply = Comment(
            article=article,
            parent=top_level[n * 9],
            author_name=f"Lecteur {n}",
            author_email=f"lecteur{n}@example.net",
            body=f"Réponse numéro {n} : je ne suis pas tout à fait d'accord.",
            status=Comment.Status.APPROVED,
            ip_address="192.0.2.11",
        )
        reply.body_html = reply.render_body_html()
        replies.append(reply)
    Comment.objects.bulk_create(replies)


@transaction.atomic
def seed():
    now = timezone.now()
    categories = [
        Category.objects.create(name=name, slug=f"bench-{slug}")
        for name, slug in [
            ("Politique", "politique"),
            ("Économie", "economie"),
            ("Culture", "culture"),
        ]
    ]
    articles = []
    for n in range(30):
        articles.append(
            Article.objects.create(
                title=f"Article de charge numéro {n}",
                slug=f"bench-article-{n}",
                category=categories[n % 3],
                standfirst="Un chapô de deux lignes pour situer le sujet du jour.",
                body=PARAGRAPH * 8,
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=n + 1),
            )
        )
    with_50, with_500 = articles[1], articles[2]
    make_comments(with_50, 50, now)
    make_comments(with_500, 500, now)
    # The archive: comments long closed (COMMENTS_CLOSE_AFTER_DAYS), 50 of them.
    old = Article.objects.create(
        title="Article des archives",
        slug="bench-article-archive",
        category=categories[1],
        standfirst="Un chapô de deux lignes pour situer le sujet du jour.",
        body=PARAGRAPH * 8,
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(days=400),
    )
    make_comments(old, 50, old.published_at + timedelta(days=2))

    urls = {
        "home": reverse("articles:home"),
        "category": categories[0].get_absolute_url(),
        "article_0": articles[0].get_absolute_url(),
        "article_50": with_50.get_absolute_url(),
        "article_500": with_500.get_absolute_url(),
        "article_old_50": old.get_absolute_url(),
        "article_slugs": [article.slug for article in articles],
    }
    try:
        urls["feed"] = reverse("articles:feed")
    except NoReverseMatch:
        urls["feed"] = None
    return urls


if __name__ == "__main__":
    print(json.dumps(seed()))
