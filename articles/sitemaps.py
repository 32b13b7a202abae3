"""sitemap.xml: the public pages only (published articles, categories, home, archive).

Articles list their lead photo as an image sitemap entry (``<image:image>``, see
templates/sitemap.xml), so that image search finds it on the article's page.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Category


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .select_related("lead_photo")
            .only("slug", "updated_at", "lead_photo__file")
            .order_by("-published_at")
        )

    def lastmod(self, item):
        return item.updated_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            photo = url["item"].lead_photo
            if photo is not None:
                location = photo.file.url
                if location.startswith("/"):
                    # The storage gave a path: on this site, like the page itself.
                    base = url["location"].split("/", 3)
                    location = f"{base[0]}//{base[2]}{location}"
                url["images"] = [location]
        return urls


class CategorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return Category.objects.only("slug")


class PageSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["articles:home", "articles:archive"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap, "categories": CategorySitemap}
