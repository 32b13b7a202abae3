"""Reader-facing pages. Every public query starts from ``Article.objects.published()``."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, MonthArchiveView, TemplateView
from taggit.models import Tag

from newsroom.pagecache import site_data
from newsroom.pagination import page_number
from photos.renditions import social_image

from . import search
from .models import Article, AuthorProfile, Category, SitePage
from .sharing import share_links


class NumberedPaginationMixin:
    """Numbered pages: ``?page=N`` with N a page that exists, else 404.

    Django's own paginator also accepts ``page=last`` and ``page=01``: copies of
    a real page under other URLs. Only the plain number is a page here
    (``newsroom.pagination``; ``01`` was redirected before the view). The
    template gets ``page_range``: numbers with ellipses, for includes/pagination.html.
    """

    page_kwarg = "page"

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def paginate_queryset(self, queryset, page_size):
        page_number(self.request.GET)
        return super().paginate_queryset(queryset, page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if page is not None:
            context["page_range"] = page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
        return context


class ArticleListView(NumberedPaginationMixin, ListView):
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.for_listing()


class HomeView(ArticleListView):
    """The front page: the lead story and the editors' order first ("À la une"), then newest."""

    template_name = "articles/home.html"

    def get_queryset(self):
        return super().get_queryset().front_page_order()


class TopicView(ArticleListView):
    """``/sujet/<slug>/``: the published articles on a topic; a topic without any is 404."""

    template_name = "articles/topic.html"
    allow_empty = False

    def get_queryset(self):
        self.topic = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().on_topic(self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)


class AuthorView(ArticleListView):
    """``/auteur/<slug>/``: an author's name, bio and published articles (signed or co-signed).

    Someone who never published anything has no page: 404, as for an unknown slug.
    """

    template_name = "articles/author.html"
    allow_empty = False

    def get_queryset(self):
        self.profile = get_object_or_404(
            AuthorProfile.objects.select_related("user"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().by_author(self.profile.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.profile, **kwargs)


class SearchView(ArticleListView):
    """``/recherche/?q=``: published articles matching the words, best first, highlighted.

    Any input gets a page: an empty or wordless query a prompt, an over-long one
    is cut (articles/search.py). Nothing is written, so the pages are cached.
    """

    template_name = "articles/search.html"

    def get_queryset(self):
        raw = self.request.GET.get("q", "")
        self.query = search.clean_query(raw)
        self.query_was_cut = len(" ".join(raw.split())) > len(self.query)
        self.has_terms = bool(search.query_terms(self.query))
        return search.search(super().get_queryset(), self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            query=self.query,
            query_was_cut=self.query_was_cut,
            has_terms=self.has_terms,
            max_query_length=search.MAX_QUERY_LENGTH,
            results=search.results(context["articles"], self.query),
        )
        return context


class SitePageView(DetailView):
    """One of the site's own pages (legal notice, privacy, contact): ``key`` says which."""

    template_name = "articles/site_page.html"
    context_object_name = "page"
    key = None

    def get_object(self, queryset=None):
        return get_object_or_404(SitePage, key=self.key)


class ArchiveView(TemplateView):
    """The months that have published articles, newest first, with their counts."""

    template_name = "articles/archive.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(months=Article.objects.published().months(), **kwargs)


class ArchiveMonthView(NumberedPaginationMixin, MonthArchiveView):
    """One month's published articles (local time), paginated; a month without any is 404."""

    template_name = "articles/archive_month.html"
    context_object_name = "articles"
    date_field = "published_at"
    month_format = "%m"
    allow_empty = False
    allow_future = False

    def get_queryset(self):
        return Article.objects.for_listing()


class CategoryView(ArticleListView):
    template_name = "articles/category.html"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().in_category(self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category=self.category, current_category=self.category, **kwargs
        )


def _link(article):
    return {"title": article.title, "url": article.get_absolute_url()}


def _article_navigation(article):
    return {
        "previous_article": _link(previous)
        if (previous := article.get_previous_published())
        else None,
        "next_article": _link(following) if (following := article.get_next_published()) else None,
        "related_articles": [
            {**_link(related), "published_at": related.published_at}
            for related in article.related_articles()
        ],
        "topics": [
            {"name": topic.name, "url": reverse("articles:topic", kwargs={"slug": topic.slug})}
            for topic in article.tags.order_by("name")
        ],
    }


def article_navigation(article):
    """Neighbours, "read also" and topics: titles and links, cached until the site changes.

    They depend only on which articles are published (the site's generation
    token: any article saved or deleted, or the next scheduled one coming out),
    so three queries become one cache lookup. Data, not HTML: the page is
    still rendered every time. A preview (an unpublished article) is not cached.
    """
    if not article.is_public:
        return _article_navigation(article)
    return site_data(
        f"article-navigation:{article.pk}",
        lambda: _article_navigation(article),
        timeout=settings.SITE_DATA_SECONDS,
    )


def can_preview(user):
    """Staff who may see articles in the admin may also preview unpublished ones."""
    return user.is_active and user.is_staff and user.has_perm("articles.view_article")


class ArticleDetailView(DetailView):
    """One article. Drafts and scheduled articles are 404 except to staff, as a preview."""

    template_name = "articles/detail.html"
    context_object_name = "article"

    def get_queryset(self):
        # No comment count: the template's comment section (comments_tags) counts the
        # thread it loads, and the header shows that same number. No co-authors: the
        # byline loads them when it is rendered, not when it comes from the cache.
        articles = Article.objects.with_page_relations()
        if can_preview(self.request.user):
            return articles
        return articles.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        canonical_url = self.request.build_absolute_uri(article.get_absolute_url())
        context.update(
            is_preview=not article.is_public,
            canonical_url=canonical_url,
            social_image=self.social_image(article),
            current_category=article.category,
            share_links=share_links(canonical_url, article.title),
            **article_navigation(article),
        )
        return context

    def social_image(self, article):
        """og:image / twitter:image: the lead photo's 1200x630 cut, as an absolute URL."""
        if article.lead_photo is None:
            return None
        image = social_image(article.lead_photo)
        return {
            **image,
            "url": self.request.build_absolute_uri(image["url"]),
            "alt": article.lead_photo.alt,
        }

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if getattr(self, "object", None) is not None and not self.object.is_public:
            # A staff preview must never land in a shared or browser cache.
            add_never_cache_headers(response)
        elif getattr(self, "object", None) is not None:
            closes_at = self.object.comments_close_at()
            remaining = (closes_at - timezone.now()).total_seconds() if closes_at else 0
            if remaining > 0:
                # The cached page must not outlive its comment form; once comments
                # are closed it keeps the normal lifetime (the archive is cached too).
                response.page_cache_seconds = remaining
        return response


@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def server_error(request):
    """The 500 page, rendered without context processors or the database (either may be down)."""
    try:
        html = loader.get_template("500.html").render({"site_name": settings.SITE_NAME})
    except Exception:
        # Even the static page failed (a missing template or static manifest):
        # answer something rather than letting the error handler itself crash.
        html = "<!DOCTYPE html><title>Server Error (500)</title><h1>Server Error (500)</h1>"
    return HttpResponseServerError(html)
