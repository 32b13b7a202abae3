"""RSS feeds: the latest published articles, site-wide and per category.

Items carry the title, the standfirst and the author's display name; never an
e-mail address (the syndication framework would print one if asked). An article
with a lead photo carries it as a Media RSS ``<media:content>`` (the 1200x630 cut,
as on social networks, with its alt text and credit), which feed readers show as
the item's picture.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _
from taggit.models import Tag

from photos.renditions import social_image

from .models import Article, Category

FEED_SIZE = 20


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the Media RSS namespace: an item's ``photo`` becomes ``<media:content>``."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": "http://search.yahoo.com/mrss/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        photo = item.get("photo")
        if photo is None:
            return
        handler.startElement(
            "media:content",
            {
                "url": photo["url"],
                "type": photo["type"],
                "medium": "image",
                "width": str(photo["width"]),
                "height": str(photo["height"]),
            },
        )
        handler.addQuickElement("media:description", photo["alt"], {"type": "plain"})
        if photo["credit"]:
            handler.addQuickElement("media:credit", photo["credit"])
        handler.endElement("media:content")


class LatestArticlesFeed(Feed):
    feed_type = MediaRssFeed

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Feed readers need absolute URLs; the storage may give a path only.
        for item in feed.items:
            if item.get("photo"):
                item["photo"]["url"] = request.build_absolute_uri(item["photo"]["url"])
        return feed

    def item_extra_kwargs(self, item):
        photo = item.lead_photo
        if photo is None:
            return {}
        return {"photo": {**social_image(photo), "alt": photo.alt, "credit": photo.credit}}

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


class TopicFeed(LatestArticlesFeed):
    """The latest published articles on one topic."""

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return _("%(site)s: %(topic)s") % {"site": settings.SITE_NAME, "topic": obj.name}

    def link(self, obj):
        return reverse("articles:topic", kwargs={"slug": obj.slug})

    def description(self, obj):
        return _("The latest articles on %(topic)s.") % {"topic": obj.name}

    def items(self, obj):
        return Article.objects.published().with_listing_relations().on_topic(obj)[:FEED_SIZE]
