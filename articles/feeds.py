"""RSS feeds: the latest published articles, site-wide and per category.

Items carry the title, the standfirst and the author's display name; never an
e-mail address (the syndication framework would print one if asked).
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Article, Category

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    def title(self):
        return _("%(site)s: latest articles") % {"site": settings.SITE_NAME}

    def link(self):
        return reverse("articles:home")

    def description(self):
        return _("The latest articles published on %(site)s.") % {"site": settings.SITE_NAME}

    def items(self):
        return Article.objects.published().with_listing_relations()[:FEED_SIZE]

    def item_link(self, item):
        return item.get_absolute_url()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        # Public names only: an account without a name is left out, never shown by username.
        return item.byline or None

    def item_categories(self, item):
        return [item.category.name]


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj):
        return _("%(site)s: %(category)s") % {"site": settings.SITE_NAME, "category": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.description or _("The latest articles in %(category)s.") % {"category": obj.name}

    def items(self, obj):
        return Article.objects.published().with_listing_relations().in_category(obj)[:FEED_SIZE]
