"""An article's comment feed: its approved comments, newest first.

Items carry the commenter's public name and the sanitised comment, never an
e-mail address (only public fields are loaded; the feed names no author e-mail).
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from articles.models import Article

from .models import Comment

FEED_SIZE = 30


class ArticleCommentsFeed(Feed):
    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published(), slug=slug)

    def title(self, obj):
        return _("Comments on “%(title)s”") % {"title": obj.title}

    def link(self, obj):
        return obj.get_absolute_url() + "#comments"

    def description(self, obj):
        return _("The latest published comments on “%(title)s”.") % {"title": obj.title}

    def items(self, obj):
        return (
            Comment.objects.approved()
            .filter(article=obj)
            .select_related("article")
            .only("pk", "article__slug", "author_name", "body_html", "created_at")
            .order_by("-created_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return _("Comment by %(name)s") % {"name": item.author_name or _("Anonymous")}

    def item_description(self, item):
        return item.body_html

    def item_link(self, item):
        return f"{item.article.get_absolute_url()}#comment-{item.pk}"

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.author_name or None
