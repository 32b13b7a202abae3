from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from comments.selectors import comment_section_context

from .models import Article, Category


class ArticleListView(ListView):
    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().with_listing_relations()


class HomeView(ArticleListView):
    template_name = "articles/home.html"


class ArchiveView(ArticleListView):
    template_name = "articles/archive.html"


class CategoryView(ArticleListView):
    template_name = "articles/category.html"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class ArticleDetailView(DetailView):
    template_name = "articles/detail.html"
    context_object_name = "article"

    def get_queryset(self):
        if self.request.user.is_staff:
            return Article.objects.with_listing_relations()
        return Article.objects.published().with_listing_relations()

    def get_context_data(self, **kwargs):
        article = self.object
        return super().get_context_data(
            is_preview=not article.is_public,
            previous_article=article.get_previous_published(),
            next_article=article.get_next_published(),
            related_articles=article.related_articles(),
            **comment_section_context(self.request, article),
            **kwargs,
        )

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if getattr(self, "object", None) is not None and not self.object.is_public:
            # A staff preview must never land in a shared cache.
            add_never_cache_headers(response)
        return response
