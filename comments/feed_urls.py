"""The per-article comment feed, at the article's own address: /article/<slug>/commentaires/rss/.

Outside ``comments.urls`` (under ``/commentaires/``) for its address, and without an
``app_name`` for its URL name (``article_comments_feed``). The project's URLconf
includes it by name, so ``newsroom`` does not import the comments app.
"""

from django.urls import path

from newsroom.pagecache import cache_public_page

from .feeds import ArticleCommentsFeed

urlpatterns = [
    # Dropped with the article's page when its comments change.
    path(
        "article/<slug:slug>/commentaires/rss/",
        cache_public_page(article_kwarg="slug")(ArticleCommentsFeed()),
        name="article_comments_feed",
    ),
]
